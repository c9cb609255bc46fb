package dev.userwhisperer.local.churn;

import dev.userwhisperer.core.port.ChurnScorer;
import dev.userwhisperer.models.churn.LearnedChurnScorers;
import dev.userwhisperer.models.churn.XgboostChurnScorer;
import dev.userwhisperer.models.effect.ModelDirectory;
import dev.userwhisperer.telemetry.MeteredChurnScorer;
import dev.userwhisperer.telemetry.PipelineMetrics;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The in-process churn scorer, on by default: each app's users are scored by the churn model the
 * learn job trained and promoted from that app's own warehouse (in the model directory, {@code
 * whisperer.models-dir}); until an app has one, by the model {@code whisperer.churn-model-dir}
 * names, or with {@code whisperer.churn-model-bundled=true} the platform model bundled with the
 * runner ({@value #BUNDLED_MODEL}), or by none (no churn score, no CHURN_RISK). The bundled model
 * is never the default: it was trained on a purchase log (CDNOW) where 91.5 % of customers churn
 * within 28 days and rates nearly every profile above the CHURN_RISK threshold.
 */
@Configuration(proxyBeanMethods = false)
public class ChurnModelConfiguration {
  /**
   * Where the bundled model's files are on the class path: the build copies {@code
   * vertex-models/models/} to {@code churn-models/}, so the runner's jar carries the model and no
   * path relative to the repository is needed at run time.
   */
  public static final String BUNDLED_MODEL = "churn-models/platform-churn/36c1a410a389/";

  @Bean
  LearnedChurnScorers churnScorer(
      ModelDirectory directory,
      @Value("${whisperer.churn-model-dir:}") String modelDir,
      @Value("${whisperer.churn-model-bundled:false}") boolean bundled) {
    LearnedChurnScorers scorers = new LearnedChurnScorers(directory, fallback(modelDir, bundled));
    scorers.refresh();
    return scorers;
  }

  /** What analyze scores with: the scorers above, each score counted by its model version. */
  @Bean
  @Primary
  ChurnScorer meteredChurnScorer(LearnedChurnScorers scorers, PipelineMetrics metrics) {
    return new MeteredChurnScorer(scorers, metrics);
  }

  /** The model for apps without a learned one: an explicit directory wins over the bundled one. */
  static Optional<ChurnScorer> fallback(String modelDir, boolean bundled) {
    if (!modelDir.isBlank()) {
      return Optional.of(XgboostChurnScorer.load(Path.of(modelDir)));
    }
    if (bundled) {
      return Optional.of(
          XgboostChurnScorer.loadResource(
              BUNDLED_MODEL, ChurnModelConfiguration.class.getClassLoader()));
    }
    return Optional.empty();
  }
}
