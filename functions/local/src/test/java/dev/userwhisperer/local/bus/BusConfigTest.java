package dev.userwhisperer.local.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BusConfigTest {
  @Test
  void backoffStartsAtTheMinimumGrowsByTheMultiplierAndStopsAtTheMaximum() {
    BusConfig config =
        BusConfig.DEFAULT.withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0);

    assertThat(config.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.backoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.backoff(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(config.backoff(5)).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.backoff(500)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void defaultsFollowPubSubsShapeWithFiveAttempts() {
    assertThat(BusConfig.DEFAULT.maxAttempts()).isEqualTo(5);
    assertThat(BusConfig.DEFAULT.backoff(1)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void inconsistentSettingsAreRefused() {
    assertThatThrownBy(
            () -> BusConfig.DEFAULT.withBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1), 2.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BusConfig.DEFAULT.withMaxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BusConfig.DEFAULT.withWorkersPerTopic(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
