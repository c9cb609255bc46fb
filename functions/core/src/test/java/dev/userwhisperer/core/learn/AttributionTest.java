package dev.userwhisperer.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributionTest {
  private static final Instant SENT = Instant.parse("2026-03-02T09:00:00Z");

  @Test
  void responseWithinSeventyTwoHoursIsASuccess() {
    assertThat(Attribution.DEFAULT.isSuccess(SENT, List.of(SENT.plus(Duration.ofHours(71)))))
        .isTrue();
  }

  @Test
  void windowIncludesBothEnds() {
    assertThat(Attribution.DEFAULT.isSuccess(SENT, List.of(SENT))).isTrue();
    assertThat(Attribution.DEFAULT.isSuccess(SENT, List.of(SENT.plus(Duration.ofHours(72)))))
        .isTrue();
  }

  @Test
  void responsesBeforeTheSendOrAfterTheWindowDoNotCount() {
    List<Instant> responses =
        List.of(SENT.minusSeconds(1), SENT.plus(Duration.ofHours(72)).plusSeconds(1));

    assertThat(Attribution.DEFAULT.isSuccess(SENT, responses)).isFalse();
    assertThat(Attribution.DEFAULT.isSuccess(SENT, List.of())).isFalse();
  }

  @Test
  void windowIsConfigurable() {
    Attribution oneDay = new Attribution(Duration.ofDays(1));

    assertThat(oneDay.isSuccess(SENT, List.of(SENT.plus(Duration.ofHours(30))))).isFalse();
  }

  @Test
  void windowMustBePositive() {
    assertThatThrownBy(() -> new Attribution(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
