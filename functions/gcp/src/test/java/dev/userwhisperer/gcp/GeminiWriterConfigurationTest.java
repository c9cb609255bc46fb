package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class GeminiWriterConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(GeminiWriterConfiguration.class);

  @Test
  void theGeminiWriterIsWiredOnlyWhenAskedFor() {
    runner.run(context -> assertThat(context).doesNotHaveBean(GeminiContentWriter.class));
    runner
        .withPropertyValues(
            "whisperer.compose.writer=gemini",
            "whisperer.compose.gemini.api-key=test-key",
            "whisperer.compose.gemini.timeout=2s")
        .run(context -> assertThat(context).hasSingleBean(GeminiContentWriter.class));
  }

  @Test
  void anUnknownSafetyThresholdStopsTheStart() {
    runner
        .withPropertyValues(
            "whisperer.compose.writer=gemini",
            "whisperer.compose.gemini.api-key=test-key",
            "whisperer.compose.gemini.safety-threshold=BLOCK_SOMETIMES")
        .run(context -> assertThat(context).hasFailed());
  }
}
