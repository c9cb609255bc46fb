package dev.userwhisperer.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventRateLimiterTest {
  private final AtomicLong nanos = new AtomicLong();

  @Test
  void burstIsAvailableAtOnceThenTheRateApplies() {
    EventRateLimiter limiter = new EventRateLimiter(10, 100, nanos::get);
    assertThat(limiter.tryAcquire("a", 100)).isZero();
    assertThat(limiter.tryAcquire("a", 20)).isEqualTo(2);
    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(limiter.tryAcquire("a", 20)).isZero();
  }

  @Test
  void bucketsArePerApp() {
    EventRateLimiter limiter = new EventRateLimiter(1, 5, nanos::get);
    assertThat(limiter.tryAcquire("a", 5)).isZero();
    assertThat(limiter.tryAcquire("b", 5)).isZero();
    assertThat(limiter.tryAcquire("a", 1)).isEqualTo(1);
  }

  @Test
  void retryAfterIsAtLeastOneWholeSecondRoundedUp() {
    EventRateLimiter limiter = new EventRateLimiter(1000, 10, nanos::get);
    limiter.tryAcquire("a", 10);
    assertThat(limiter.tryAcquire("a", 1)).isEqualTo(1);
    EventRateLimiter slow = new EventRateLimiter(0.5, 1, nanos::get);
    slow.tryAcquire("a", 1);
    assertThat(slow.tryAcquire("a", 1)).isEqualTo(2);
  }

  @Test
  void batchLargerThanBurstNeedsAFullBucketAndLeavesADebt() {
    EventRateLimiter limiter = new EventRateLimiter(10, 10, nanos::get);
    assertThat(limiter.tryAcquire("a", 30)).isZero();
    // 20 events of debt plus 10 to refill the bucket: 3 s at 10 events/s
    assertThat(limiter.tryAcquire("a", 10)).isEqualTo(3);
    nanos.addAndGet(Duration.ofSeconds(3).toNanos());
    assertThat(limiter.tryAcquire("a", 10)).isZero();
  }

  @Test
  void refillNeverExceedsTheBurst() {
    EventRateLimiter limiter = new EventRateLimiter(10, 10, nanos::get);
    nanos.addAndGet(Duration.ofHours(1).toNanos());
    assertThat(limiter.tryAcquire("a", 10)).isZero();
    assertThat(limiter.tryAcquire("a", 1)).isEqualTo(1);
  }

  @Test
  void invalidSettingsAreRefused() {
    assertThatThrownBy(() -> new EventRateLimiter(0, 1, nanos::get))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EventRateLimiter(1, 0, nanos::get))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
