package dev.userwhisperer.core.decide;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Objects;

/**
 * Every number decide's rules use, with {@link #DEFAULTS}.
 *
 * @param holdoutPercent share of users (0–100) in the global holdout, sent no non-transactional
 *     message
 * @param maxPerDay non-transactional messages per user within any {@code day}
 * @param maxPerWeek non-transactional messages per user within any {@code week}
 * @param quietStart local time at which quiet hours begin
 * @param quietEnd local time at which quiet hours end and deferred messages are released
 */
public record DecisionPolicy(
    int holdoutPercent, int maxPerDay, int maxPerWeek, LocalTime quietStart, LocalTime quietEnd) {

  public static final Duration DAY = Duration.ofHours(24);
  public static final Duration WEEK = Duration.ofDays(7);

  public static final DecisionPolicy DEFAULTS =
      new DecisionPolicy(10, 1, 3, LocalTime.of(21, 0), LocalTime.of(8, 0));

  public DecisionPolicy {
    if (holdoutPercent < 0 || holdoutPercent > 100) {
      throw new IllegalArgumentException("holdoutPercent must be within 0..100: " + holdoutPercent);
    }
    if (maxPerDay < 0 || maxPerWeek < 0) {
      throw new IllegalArgumentException("caps must not be negative");
    }
    Objects.requireNonNull(quietStart, "quietStart");
    Objects.requireNonNull(quietEnd, "quietEnd");
  }

  /** Whether a local time of day falls in quiet hours; the window may span midnight. */
  public boolean isQuiet(LocalTime time) {
    if (quietStart.equals(quietEnd)) {
      return false;
    }
    if (quietStart.isBefore(quietEnd)) {
      return !time.isBefore(quietStart) && time.isBefore(quietEnd);
    }
    return !time.isBefore(quietStart) || time.isBefore(quietEnd);
  }
}
