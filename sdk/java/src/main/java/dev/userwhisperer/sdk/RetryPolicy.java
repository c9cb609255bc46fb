package dev.userwhisperer.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * When to resend a batch the platform did not take: on 408, 429 and 5xx answers and on network
 * failures, up to {@code maxAttempts} sends in all, waiting an exponentially growing, fully
 * jittered delay ({@code random(0, min(maxDelay, baseDelay * 2^retry))}), and never less than the
 * answer's {@code Retry-After}.
 *
 * @param maxAttempts sends of one batch, the first included (1 = no retry)
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(30));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay");
    }
  }

  /** Whether an answer with this status may succeed when sent again (0: no answer at all). */
  public static boolean retryable(int status) {
    return status == 0 || status == 408 || status == 429 || status >= 500;
  }

  /**
   * The wait before retry number {@code retry} (0 for the first retry).
   *
   * @param retryAfterSeconds the answer's {@code Retry-After}, when it had one
   */
  public Duration delay(int retry, OptionalLong retryAfterSeconds, RandomGenerator random) {
    long cap = maxDelay.toMillis();
    long exponential = Math.min(cap, baseDelay.toMillis() << Math.min(retry, 30));
    long jittered = exponential == 0 ? 0 : random.nextLong(exponential + 1);
    long floor = retryAfterSeconds.isPresent() ? retryAfterSeconds.getAsLong() * 1000 : 0;
    return Duration.ofMillis(Math.max(jittered, floor));
  }
}
