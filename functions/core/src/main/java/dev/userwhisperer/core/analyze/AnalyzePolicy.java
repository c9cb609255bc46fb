package dev.userwhisperer.core.analyze;

import java.time.Duration;
import java.util.Objects;

/**
 * The numbers behind {@link Analyzer}'s signals, with {@link #DEFAULTS}.
 *
 * @param signalMaxAge how old an event may be, by the clock, and still raise a signal: a backfilled
 *     or late event (a months-old {@code user_signup} replayed by an import) updates the profile
 *     but is old news, not a reason to message the user
 * @param churnThreshold the churn probability at or above which a user is at risk: crossing it
 *     upward raises CHURN_RISK; strictly between 0 (everyone at risk) and 1 (nobody)
 */
public record AnalyzePolicy(Duration signalMaxAge, double churnThreshold) {
  public static final double DEFAULT_CHURN_THRESHOLD = 0.7;
  public static final AnalyzePolicy DEFAULTS = new AnalyzePolicy(Duration.ofHours(48));

  public AnalyzePolicy {
    Objects.requireNonNull(signalMaxAge, "signalMaxAge");
    if (signalMaxAge.isNegative()) {
      throw new IllegalArgumentException("signalMaxAge must not be negative: " + signalMaxAge);
    }
    if (!(churnThreshold > 0 && churnThreshold < 1)) {
      throw new IllegalArgumentException("churnThreshold must be within (0, 1): " + churnThreshold);
    }
  }

  /** A policy with the {@link #DEFAULT_CHURN_THRESHOLD}. */
  public AnalyzePolicy(Duration signalMaxAge) {
    this(signalMaxAge, DEFAULT_CHURN_THRESHOLD);
  }
}
