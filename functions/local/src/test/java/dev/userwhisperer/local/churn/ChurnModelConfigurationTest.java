package dev.userwhisperer.local.churn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.analyze.FeatureVector;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.port.ChurnScorer;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.models.ModelExport;
import dev.userwhisperer.models.churn.LearnedChurnScorers;
import dev.userwhisperer.models.churn.XgboostChurnScorer;
import dev.userwhisperer.models.effect.FileModelDirectory;
import dev.userwhisperer.models.effect.ModelDirectory;
import dev.userwhisperer.telemetry.MeteredChurnScorer;
import dev.userwhisperer.telemetry.PipelineMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ChurnModelConfigurationTest {
  @TempDir static Path models;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withBean(ModelDirectory.class, () -> new FileModelDirectory(models))
          .withBean(PipelineMetrics.class, () -> new PipelineMetrics(new SimpleMeterRegistry()))
          .withUserConfiguration(ChurnModelConfiguration.class);

  private static final Map<String, Double> FRESH_SIGNUP =
      FeatureVector.of(Profile.empty("a", "u"), Instant.EPOCH, LifecycleThresholds.DEFAULTS);

  @Test
  void byDefaultTheLearnedScorerIsOnAndTheBundledModelScoresNobody() {
    runner.run(
        context -> {
          LearnedChurnScorers scorer = context.getBean(LearnedChurnScorers.class);
          assertThat(scorer.fallback()).isEmpty();
          assertThat(scorer.scores("a")).isFalse();
          assertThat(scorer.score("a", FRESH_SIGNUP)).isEmpty();
        });
  }

  @Test
  void theBundledPlatformModelScoresAppsWithoutTheirOwnModelWhenSwitchedOn() {
    runner
        .withPropertyValues("whisperer.churn-model-bundled=true")
        .run(
            context -> {
              LearnedChurnScorers scorer = context.getBean(LearnedChurnScorers.class);
              assertThat(scorer.fallback().orElseThrow())
                  .isInstanceOfSatisfying(
                      XgboostChurnScorer.class,
                      s -> {
                        assertThat(s.version()).isEqualTo("36c1a410a389");
                        // every feature the model was trained on is served
                        assertThat(FRESH_SIGNUP.keySet()).containsAll(s.featureNames());
                      });
              assertThat(scorer.scores("a")).isTrue();
              assertThat(scorer.score("a", FRESH_SIGNUP))
                  .map(ChurnScorer.Score::modelVersion)
                  .contains("36c1a410a389");
            });
  }

  @Test
  void anExplicitModelDirectoryWinsOverTheBundledModel(@TempDir Path dir) throws Exception {
    for (String name :
        List.of(ModelExport.MODEL_FILE, ModelExport.FEATURES_FILE, ModelExport.METADATA_FILE)) {
      try (InputStream in =
          getClass()
              .getClassLoader()
              .getResourceAsStream(ChurnModelConfiguration.BUNDLED_MODEL + name)) {
        Files.write(dir.resolve(name), in.readAllBytes());
      }
    }
    Path metadata = dir.resolve(ModelExport.METADATA_FILE);
    Files.writeString(
        metadata, Files.readString(metadata).replace("36c1a410a389", "explicit-model"));
    runner
        .withPropertyValues(
            "whisperer.churn-model-dir=" + dir, "whisperer.churn-model-bundled=true")
        .run(
            context ->
                assertThat(context.getBean(LearnedChurnScorers.class).fallback().orElseThrow())
                    .isInstanceOfSatisfying(
                        XgboostChurnScorer.class,
                        s -> assertThat(s.version()).isEqualTo("explicit-model")));
  }

  @Test
  void analyzeScoresThroughTheMeteredScorer() {
    runner.run(
        context ->
            assertThat(context.getBean(ChurnScorer.class)).isInstanceOf(MeteredChurnScorer.class));
  }
}
