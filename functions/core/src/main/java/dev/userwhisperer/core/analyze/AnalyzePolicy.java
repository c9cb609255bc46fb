package dev.userwhisperer.core.analyze;

import java.time.Duration;
import java.util.Objects;

/**
 * The numbers behind {@link Analyzer}'s signals, with {@link #DEFAULTS}.
 *
 * @param signalMaxAge how old an event may be, by the clock, and still raise a signal: a backfilled
 *     or late event (a months-old {@code user_signup} replayed by an import) updates the profile
 *     but is old news, not a reason to message the user
 */
public record AnalyzePolicy(Duration signalMaxAge) {
  public static final AnalyzePolicy DEFAULTS = new AnalyzePolicy(Duration.ofHours(48));

  public AnalyzePolicy {
    Objects.requireNonNull(signalMaxAge, "signalMaxAge");
    if (signalMaxAge.isNegative()) {
      throw new IllegalArgumentException("signalMaxAge must not be negative: " + signalMaxAge);
    }
  }
}
