package dev.userwhisperer.core.port;

import dev.userwhisperer.core.profile.ArmCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * App-wide outcome counts per bandit arm ({@code Arms}: channels and hour-of-week buckets), the
 * hierarchical prior every user of the app starts from.
 *
 * <p>Outcomes are counted in the week they settle and read over a window of the last {@value
 * #WINDOW_WEEKS} weeks, the current one included, so that the prior follows how the app's users
 * answer now: all-time sums let a wave of silent churners, a change of e-mail provider or a season
 * drag every user's channel and hour beliefs long after it passed. Weeks are epoch weeks ({@link
 * #weekOf}), the same for every app and time zone.
 */
public interface ArmStatistics {
  /** Weeks of outcomes a read sums: the week of {@code asOf} and the ones before it. */
  int WINDOW_WEEKS = 4;

  Duration WEEK = Duration.ofDays(7);

  /**
   * The counts of every arm of the app with an outcome settled in the window that ends in the week
   * of {@code asOf}; arms without one are absent.
   */
  Map<String, ArmCounts> counts(String appId, Instant asOf);

  /**
   * Adds {@code increments} to the app's counts of the week of {@code settledAt}. Each arm's
   * increment is atomic: concurrent calls lose no count. Not idempotent: callers add each settled
   * outcome once (the profile, which settles it, is what deduplicates).
   */
  void add(String appId, Map<String, ArmCounts> increments, Instant settledAt);

  /** The epoch week of an instant: whole weeks since 1970-01-01T00:00Z. */
  static long weekOf(Instant t) {
    return Math.floorDiv(t.getEpochSecond(), WEEK.toSeconds());
  }

  /** The first week of the window that ends in the week of {@code asOf}. */
  static long firstWeekOfWindow(Instant asOf) {
    return weekOf(asOf) - (WINDOW_WEEKS - 1);
  }
}
