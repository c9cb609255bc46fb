package dev.userwhisperer.local.churn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.port.ChurnScorer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ChurnModelConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(ChurnModelConfiguration.class);

  @Test
  void withoutAModelDirectoryThereIsNoScorer() {
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
}
