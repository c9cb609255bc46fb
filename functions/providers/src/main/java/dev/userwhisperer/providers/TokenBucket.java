package dev.userwhisperer.providers;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket that delays, never drops: {@link #reserve()} takes a token, going into debt if
 * need be, and answers how long the caller must wait before using it, so that waiters are served in
 * order at {@code perSecond} after a burst of {@code burst}.
 */
final class TokenBucket {
  private final double perNano;
  private final double burst;
  private final LongSupplier nanoTime;
  private double tokens;
  private long updatedAt;

  TokenBucket(double perSecond, int burst, LongSupplier nanoTime) {
    if (!(perSecond > 0) || burst < 1) {
      throw new IllegalArgumentException(
          "a rate limit needs a positive rate and a burst of at least 1, was "
              + perSecond
              + "/s burst "
              + burst);
    }
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.tokens = burst;
    this.updatedAt = nanoTime.getAsLong();
  }

  /**
   * Takes a token unless the wait for it would exceed {@code maxWait}.
   *
   * @return the wait before the token may be used (zero when one was there), or null when none was
   *     taken
   */
  synchronized Duration reserve(Duration maxWait) {
    long now = nanoTime.getAsLong();
    tokens = Math.min(burst, tokens + (now - updatedAt) * perNano);
    updatedAt = now;
    double after = tokens - 1;
    Duration wait =
        after >= 0 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(-after / perNano));
    if (wait.compareTo(maxWait) > 0) {
      return null;
    }
    tokens = after;
    return wait;
  }
}
