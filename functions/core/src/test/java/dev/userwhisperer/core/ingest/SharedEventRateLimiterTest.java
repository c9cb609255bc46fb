package dev.userwhisperer.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.port.IngestQuota;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SharedEventRateLimiterTest {
  private final AtomicLong millis = new AtomicLong(1_765_108_800_000L);
  private final CountingQuota quota = new CountingQuota();

  @Test
  void instancesTogetherAcceptNoMoreThanTheAppsBudgetInASecond() {
    List<SharedEventRateLimiter> instances = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      instances.add(new SharedEventRateLimiter(1000, 10, quota, millis::get));
    }
    long accepted = 0;
    for (int request = 0; request < 200; request++) {
      if (instances.get(request % 5).tryAcquire("app-1", 10) == 0) {
        accepted += 10;
      }
    }

    assertThat(accepted).isEqualTo(1000);
    assertThat(quota.granted("app-1", second())).isEqualTo(1000);
  }

  @Test
  void theNextSecondIsAFreshBudgetAndARefusalSaysWaitOneSecond() {
    SharedEventRateLimiter limiter = new SharedEventRateLimiter(100, 4, quota, millis::get);
    assertThat(limiter.tryAcquire("app-1", 100)).isZero();

    assertThat(limiter.tryAcquire("app-1", 1)).isEqualTo(1);
    millis.addAndGet(1000);
    assertThat(limiter.tryAcquire("app-1", 1)).isZero();
  }

  @Test
  void eachInstanceClaimsALeaseAtATimeNotEveryRequest() {
    SharedEventRateLimiter limiter = new SharedEventRateLimiter(100_000, 20, quota, millis::get);

    for (int request = 0; request < 500; request++) {
      assertThat(limiter.tryAcquire("app-1", 100)).isZero();
    }

    // 50,000 events in leases of 5,000: ten claims for 500 requests
    assertThat(quota.claims).isEqualTo(10);
  }

  @Test
  void oneAppSpendingItsBudgetLeavesAnotherAppsAlone() {
    SharedEventRateLimiter limiter = new SharedEventRateLimiter(50, 1, quota, millis::get);
    assertThat(limiter.tryAcquire("noisy", 50)).isZero();
    assertThat(limiter.tryAcquire("noisy", 1)).isEqualTo(1);

    assertThat(limiter.tryAcquire("quiet", 1)).isZero();
  }

  @Test
  void aBatchLargerThanTheBudgetTakesAWholeSecondInsteadOfBeingRefusedForEver() {
    SharedEventRateLimiter limiter = new SharedEventRateLimiter(500, 5, quota, millis::get);

    assertThat(limiter.tryAcquire("app-1", 1000)).isZero();
    assertThat(limiter.tryAcquire("app-1", 1)).isEqualTo(1);
  }

  @Test
  void aSpentSecondIsNotAskedForAgain() {
    SharedEventRateLimiter limiter = new SharedEventRateLimiter(10, 1, quota, millis::get);
    limiter.tryAcquire("app-1", 10);
    int claims = quota.claims;

    for (int i = 0; i < 20; i++) {
      limiter.tryAcquire("app-1", 1);
    }
    assertThat(quota.claims).isEqualTo(claims + 1);
  }

  @Test
  void leasesMustCutTheBudgetIntoWholeEvents() {
    assertThatThrownBy(() -> new SharedEventRateLimiter(10, 11, quota, millis::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leasesPerSecond");
    assertThatThrownBy(() -> new SharedEventRateLimiter(0, 1, quota, millis::get))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private long second() {
    return Math.floorDiv(millis.get(), 1000);
  }

  /** The shared budget as the store keeps it: events granted per app and second. */
  private static final class CountingQuota implements IngestQuota {
    private final Map<String, Long> granted = new HashMap<>();
    private int claims;

    @Override
    public synchronized long claim(String appId, long epochSecond, long events, long limit) {
      claims++;
      String key = appId + "@" + epochSecond;
      long used = granted.getOrDefault(key, 0L);
      long grant = Math.min(events, limit - used);
      granted.put(key, used + grant);
      return grant;
    }

    long granted(String appId, long second) {
      return granted.getOrDefault(appId + "@" + second, 0L);
    }
  }
}
