package dev.userwhisperer.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.local.time.SimulatedClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class ReproducibleSettingsTest {
  private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(PropertiesOnly.class);

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(LocalProperties.class)
  static class PropertiesOnly {}

  @Test
  void reproducibleWithoutAClockStartStopsTheStartWithTheSettingToAdd() {
    runner
        .withPropertyValues("whisperer.reproducible=true")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("whisperer.reproducible needs whisperer.clock-start"));
  }

  @Test
  void aReproducibleClockStandsAtItsStartAndMovesOnlyWhenAdvanced() {
    runner
        .withPropertyValues("whisperer.reproducible=true", "whisperer.clock-start=" + START)
        .run(
            context -> {
              SimulatedClock clock = platformClock(context);
              Thread.sleep(20);
              assertThat(clock.instant()).isEqualTo(START);
              assertThat(clock.advance(Duration.ofMinutes(15)))
                  .isEqualTo(START.plus(Duration.ofMinutes(15)));
            });
  }

  @Test
  void otherwiseTheClockRunsOnFromItsStart() {
    runner
        .withPropertyValues("whisperer.clock-start=" + START)
        .run(
            context -> {
              SimulatedClock clock = platformClock(context);
              Thread.sleep(20);
              assertThat(clock.instant()).isAfter(START);
            });
  }

  private static SimulatedClock platformClock(AssertableApplicationContext context) {
    return new EmbeddedAdapters().platformClock(context.getBean(LocalProperties.class));
  }
}
