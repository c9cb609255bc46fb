package dev.userwhisperer.local.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the console writes values people read. */
public final class Format {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private static final String NONE = "—";

  private Format() {}

  /** To the second, in UTC (the platform's clock); empty for none. */
  public static String time(Instant instant) {
    return instant == null ? "" : TIME.format(instant);
  }

  /**
   * A change in a probability (an uplift, a draw) in signed percentage points, {@code "+1.2 pp"};
   * {@code "—"} for none (decisions logged before the value was).
   */
  public static String points(Double change) {
    return change == null ? NONE : String.format(Locale.ROOT, "%+.1f pp", 100 * change);
  }

  /**
   * A predicted effect as its mean ± its standard deviation, {@code "+1.2 ± 0.8 pp"}; {@code "+1.2
   * pp ± —"} when no standard deviation was logged.
   */
  public static String effect(double mean, Double standardDeviation) {
    return standardDeviation == null
        ? points(mean) + " ± " + NONE
        : String.format(Locale.ROOT, "%+.1f ± %.1f pp", 100 * mean, 100 * standardDeviation);
  }

  /**
   * A probability as a whole percentage, {@code "37%"}, never rounded to a certainty it is not
   * ({@code "<1%"}, {@code ">99%"}); {@code "—"} for none.
   */
  public static String percent(Double probability) {
    if (probability == null) {
      return NONE;
    }
    if (probability > 0 && probability < 0.005) {
      return "<1%";
    }
    if (probability < 1 && probability >= 0.995) {
      return ">99%";
    }
    return String.format(Locale.ROOT, "%.0f%%", 100 * probability);
  }
}
