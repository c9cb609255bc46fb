package dev.userwhisperer.local.churn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.analyze.FeatureVector;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.port.ChurnScorer;
import dev.userwhisperer.core.profile.Profile;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ChurnModelConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(ChurnModelConfiguration.class);

  @Test
  void theBundledPlatformModelScoresOnTheFeatureVectorWhenSwitchedOn() {
    runner
        .withPropertyValues("whisperer.churn-model-bundled=true")
        .run(
            context ->
                assertThat(context.getBean(ChurnScorer.class))
                    .isInstanceOfSatisfying(
                        XgboostChurnScorer.class,
                        s -> {
                          assertThat(s.version()).isEqualTo("36c1a410a389");
                          // every feature the model was trained on is served (features added to
                          // the vector since, such as the user's own response history, are not in
                          // it until the model is retrained)
                          assertThat(
                                  FeatureVector.of(
                                          Profile.empty("a", "u"),
                                          Instant.EPOCH,
                                          LifecycleThresholds.DEFAULTS)
                                      .keySet())
                              .containsAll(s.featureNames());
                        }));
  }

  @Test
  void withoutAModelDirectoryNothingScoresByDefault() {
    runner.run(context -> assertThat(context).doesNotHaveBean(ChurnScorer.class));
  }

  @Test
  void aModelDirectoryMakesTheInProcessScorer(@TempDir Path dir) throws Exception {
    XgboostChurnScorerTest.export(dir);
    runner
        .withPropertyValues("whisperer.churn-model-dir=" + dir)
        .run(
            context ->
                assertThat(context.getBean(ChurnScorer.class))
                    .isInstanceOfSatisfying(
                        XgboostChurnScorer.class,
                        s -> assertThat(s.version()).isEqualTo("abc123")));
  }

  @Test
  void anExplicitModelDirectoryWinsEvenWithTheBundledModelOn(@TempDir Path dir) throws Exception {
    XgboostChurnScorerTest.export(dir);
    runner
        .withPropertyValues(
            "whisperer.churn-model-dir=" + dir, "whisperer.churn-model-bundled=true")
        .run(
            context ->
                assertThat(context)
                    .getBean(ChurnScorer.class)
                    .isInstanceOfSatisfying(
                        XgboostChurnScorer.class,
                        s -> assertThat(s.version()).isEqualTo("abc123")));
  }
}
