package dev.userwhisperer.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy =
      new RetryPolicy(6, Duration.ofMillis(100), Duration.ofSeconds(2));

  @Test
  void theDelayIsJitteredBelowAnExponentiallyGrowingCap() {
    SplittableRandom random = new SplittableRandom(7);
    for (int retry = 0; retry < 8; retry++) {
      long cap = Math.min(2000, 100L << retry);
      long max = 0;
      for (int i = 0; i < 500; i++) {
        long ms = policy.delay(retry, OptionalLong.empty(), random).toMillis();
        assertThat(ms).isBetween(0L, cap);
        max = Math.max(max, ms);
      }
      assertThat(max).as("jitter spreads up to the cap").isGreaterThan(cap * 9 / 10);
    }
  }

  @Test
  void retryAfterIsAFloorUnderTheJitter() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200; i++) {
      assertThat(policy.delay(0, OptionalLong.of(3), random)).isEqualTo(Duration.ofSeconds(3));
    }
  }

  @Test
  void onlyAnswersThatMaySucceedLaterAreRetried() {
    assertThat(RetryPolicy.retryable(429)).isTrue();
    assertThat(RetryPolicy.retryable(503)).isTrue();
    assertThat(RetryPolicy.retryable(500)).isTrue();
    assertThat(RetryPolicy.retryable(408)).isTrue();
    assertThat(RetryPolicy.retryable(0)).as("no answer at all").isTrue();
    assertThat(RetryPolicy.retryable(400)).isFalse();
    assertThat(RetryPolicy.retryable(401)).isFalse();
    assertThat(RetryPolicy.retryable(413)).isFalse();
  }

  @Test
  void aPolicyNeedsOneAttemptAndOrderedDelays() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
