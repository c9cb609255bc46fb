package dev.userwhisperer.local.churn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.port.ChurnScorer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ChurnModelConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(ChurnModelConfiguration.class);

  @Test
  void withoutAModelDirectoryThereIsNoScorer() {
    runner.run(context -> assertThat(context).doesNotHaveBean(ChurnScorer.class));
  }
}
