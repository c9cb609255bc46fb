package dev.userwhisperer.core.ingest;

import dev.userwhisperer.core.port.IngestQuota;
import dev.userwhisperer.core.port.IngestRateLimit;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A per-app limit that holds across instances: each second of real time the app may ingest {@code
 * eventsPerSecond} events in total, claimed from the shared {@link IngestQuota} in leases of {@code
 * eventsPerSecond / leasesPerSecond} events. An instance spends its lease locally and claims again
 * only when it runs out, so the shared store sees at most about {@code leasesPerSecond} claims per
 * app per second whatever the traffic (and fewer for apps that send less). A lease left when its
 * second ends is forfeited: the limit never admits more than the budget, and may admit up to
 * (instances × lease) less in a second when many instances hold partial leases.
 *
 * <p>Its time is wall-clock milliseconds ({@code System::currentTimeMillis} in production), shared
 * by every instance; deliberately not the platform clock, which a simulation moves.
 */
public final class SharedEventRateLimiter implements IngestRateLimit {
  private final long eventsPerSecond;
  private final long lease;
  private final IngestQuota quota;
  private final LongSupplier epochMillis;
  private final Map<String, Lease> leases = new ConcurrentHashMap<>();

  /**
   * @param eventsPerSecond the app's budget per second, >= 1
   * @param leasesPerSecond how many leases a second's budget is cut into, from 1 to eventsPerSecond
   * @param epochMillis wall-clock time, the same on every instance
   */
  public SharedEventRateLimiter(
      long eventsPerSecond, int leasesPerSecond, IngestQuota quota, LongSupplier epochMillis) {
    if (eventsPerSecond < 1) {
      throw new IllegalArgumentException("eventsPerSecond must be >= 1: " + eventsPerSecond);
    }
    if (leasesPerSecond < 1 || leasesPerSecond > eventsPerSecond) {
      throw new IllegalArgumentException(
          "leasesPerSecond must lie in [1, eventsPerSecond]: " + leasesPerSecond);
    }
    this.eventsPerSecond = eventsPerSecond;
    this.lease = (eventsPerSecond + leasesPerSecond - 1) / leasesPerSecond;
    this.quota = Objects.requireNonNull(quota, "quota");
    this.epochMillis = Objects.requireNonNull(epochMillis, "epochMillis");
  }

  /**
   * A batch larger than the whole budget needs the whole budget of one second, so that it is not
   * refused for ever.
   */
  @Override
  public long tryAcquire(String appId, int events) {
    if (events < 1) {
      throw new IllegalArgumentException("events must be >= 1: " + events);
    }
    long second = Math.floorDiv(epochMillis.getAsLong(), 1000);
    long needed = Math.min(events, eventsPerSecond);
    Lease current =
        leases.compute(appId, (a, l) -> l == null || l.second < second ? new Lease(second) : l);
    synchronized (current) {
      if (current.second != second) {
        return 1; // this instance's clock stepped back: wait for the second it already passed
      }
      if (current.tokens < needed && !current.spent) {
        long asked = Math.max(needed - current.tokens, lease);
        long granted = quota.claim(appId, second, asked, eventsPerSecond);
        current.tokens += granted;
        current.spent = granted < asked;
      }
      if (current.tokens >= needed) {
        current.tokens -= needed;
        return 0;
      }
      return 1;
    }
  }

  private static final class Lease {
    private final long second;
    private long tokens;
    private boolean spent;

    private Lease(long second) {
      this.second = second;
    }
  }
}
