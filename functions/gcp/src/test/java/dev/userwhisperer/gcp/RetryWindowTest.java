package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryWindowTest {
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void aMessageIsRetriedUntilTheWindowAfterItsPublicationHasPassed() {
    RetryWindow window = RetryWindow.parse("PT2H", CLOCK);

    assertThat(window.closed(NOW.minus(Duration.ofMinutes(119)))).isFalse();
    assertThat(window.closed(NOW.minus(Duration.ofHours(2)))).isTrue();
    assertThat(window.closed(NOW.minus(Duration.ofHours(5)))).isTrue();
  }

  @Test
  void aMessageWithoutAPublishTimeIsNeverDeadLetteredByAge() {
    assertThat(RetryWindow.parse("PT1M", CLOCK).closed(null)).isFalse();
  }

  @Test
  void withoutTheVariableTheWindowIsTwoHours() {
    assertThat(RetryWindow.parse(null, CLOCK).length()).isEqualTo(Duration.ofHours(2));
    assertThat(RetryWindow.parse(" ", CLOCK).length()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void aWindowThatEventarcWouldOutliveOrThatIsNotADurationStopsTheStart() {
    assertThatThrownBy(() -> RetryWindow.parse("PT24H", CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(RetryWindow.VARIABLE);
    assertThatThrownBy(() -> RetryWindow.parse("PT0S", CLOCK))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryWindow.parse("2 hours", CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ISO-8601");
  }
}
