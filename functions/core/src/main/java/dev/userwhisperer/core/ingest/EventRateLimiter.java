package dev.userwhisperer.core.ingest;

import dev.userwhisperer.core.port.IngestRateLimit;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per app that counts events, not requests: a bucket holds at most {@code burst}
 * tokens and refills at {@code eventsPerSecond}.
 *
 * <p>Its time source is a monotonic nanosecond ticker of real time ({@code System::nanoTime} in
 * production), deliberately not the platform {@code Clock}: a simulation that advances the event
 * clock by 30 days must not refill every bucket, and a limit protects real capacity.
 *
 * <p>A request for {@code n} events needs {@code min(n, burst)} tokens in the bucket and then takes
 * all {@code n}, leaving a debt that later refills pay off. So a batch larger than the burst is not
 * refused forever, yet the long-run rate still holds.
 *
 * <p>It counts in one process: the local runner's limit, and a per-instance guard elsewhere. For a
 * limit across the instances of a function, see {@link SharedEventRateLimiter}.
 */
public final class EventRateLimiter implements IngestRateLimit {
  private final double eventsPerSecond;
  private final double burst;
  private final LongSupplier nanoTicker;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /**
   * @param eventsPerSecond refill rate per app, > 0
   * @param burst bucket capacity in events, >= 1
   * @param nanoTicker monotonic real time in nanoseconds
   */
  public EventRateLimiter(double eventsPerSecond, int burst, LongSupplier nanoTicker) {
    if (!(eventsPerSecond > 0)) {
      throw new IllegalArgumentException("eventsPerSecond must be > 0: " + eventsPerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be >= 1: " + burst);
    }
    this.eventsPerSecond = eventsPerSecond;
    this.burst = burst;
    this.nanoTicker = Objects.requireNonNull(nanoTicker, "nanoTicker");
  }

  /**
   * Takes {@code events} tokens from the app's bucket if it may.
   *
   * @return 0 when allowed, else the whole seconds (>= 1) after which the same request would be
   */
  @Override
  public long tryAcquire(String appId, int events) {
    if (events < 1) {
      throw new IllegalArgumentException("events must be >= 1: " + events);
    }
    long now = nanoTicker.getAsLong();
    Bucket bucket = buckets.computeIfAbsent(appId, a -> new Bucket(burst, now));
    synchronized (bucket) {
      bucket.refill(now);
      double needed = Math.min(events, burst);
      if (bucket.tokens >= needed) {
        bucket.tokens -= events;
        return 0;
      }
      double seconds = (needed - bucket.tokens) / eventsPerSecond;
      return Math.max(1, (long) Math.ceil(seconds));
    }
  }

  private final class Bucket {
    private double tokens;
    private long refilledAt;

    private Bucket(double tokens, long refilledAt) {
      this.tokens = tokens;
      this.refilledAt = refilledAt;
    }

    private void refill(long now) {
      long elapsed = now - refilledAt;
      if (elapsed > 0) {
        tokens = Math.min(burst, tokens + elapsed / 1e9 * eventsPerSecond);
        refilledAt = now;
      }
    }
  }
}
