package dev.userwhisperer.local.churn;

import dev.userwhisperer.core.port.ChurnScorer;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The in-process churn scorer. {@code whisperer.churn-model-dir} names an exported model directory;
 * without it, {@code whisperer.churn-model-bundled=true} scores with the platform model bundled
 * with the runner ({@value #BUNDLED_MODEL}, from {@code vertex-models/models/}); otherwise analyze
 * scores nothing. The bundled model is off by default because it was trained on a purchase log
 * (CDNOW) where 91.5 % of customers churn within 28 days: it rates nearly every profile above the
 * default CHURN_RISK threshold, so on by default it would put every new user through a churn save.
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
  @ConditionalOnProperty(prefix = "whisperer", name = "churn-model-dir")
  ChurnScorer xgboostChurnScorer(@Value("${whisperer.churn-model-dir}") Path directory) {
    return XgboostChurnScorer.load(directory);
  }

  @Bean
  @Conditional(NoModelDirectory.class)
  @ConditionalOnProperty(prefix = "whisperer", name = "churn-model-bundled", havingValue = "true")
  ChurnScorer bundledChurnScorer() {
    return XgboostChurnScorer.loadResource(
        BUNDLED_MODEL, ChurnModelConfiguration.class.getClassLoader());
  }

  /** Matches when {@code whisperer.churn-model-dir} is not set. */
  static final class NoModelDirectory extends NoneNestedConditions {
    NoModelDirectory() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnProperty(prefix = "whisperer", name = "churn-model-dir")
    static final class ModelDirectorySet {}
  }
}
