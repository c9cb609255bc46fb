package dev.userwhisperer.local.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the console writes values people read. */
public final class Format {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private Format() {}

  /** To the second, in UTC (the platform's clock); empty for none. */
  public static String time(Instant instant) {
    return instant == null ? "" : TIME.format(instant);
  }
}
