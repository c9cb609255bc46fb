package dev.userwhisperer.gcp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How long a topic-triggered function keeps failing a message before it dead-letters it. Eventarc's
 * subscription retries for 24 hours and then drops the message, and offers no dead-letter policy; a
 * message that still fails this long after its publication goes to {@code <topic>.dead-letter}
 * instead, where the dead-letter alert sees it. Terraform sets {@value #VARIABLE} (ISO-8601).
 */
record RetryWindow(Duration length, Clock clock) {
  static final String VARIABLE = "WHISPERER_DEAD_LETTER_AFTER";
  static final Duration DEFAULT = Duration.ofHours(2);
  private static final Duration EVENTARC_RETENTION = Duration.ofHours(24);

  RetryWindow {
    if (length.isNegative() || length.isZero() || length.compareTo(EVENTARC_RETENTION) >= 0) {
      throw new IllegalArgumentException(
          VARIABLE
              + " must lie between 0 and 24 h (Eventarc drops a message after 24 h): "
              + length);
    }
  }

  /**
   * @throws IllegalArgumentException when {@code value} is not an ISO-8601 duration within (0, 24
   *     h)
   */
  static RetryWindow parse(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return new RetryWindow(DEFAULT, clock);
    }
    try {
      return new RetryWindow(Duration.parse(value), clock);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(VARIABLE + " is not an ISO-8601 duration: " + value, e);
    }
  }

  /** Whether a message published at {@code publishTime} has been retried long enough. */
  boolean closed(Instant publishTime) {
    return publishTime != null && !clock.instant().isBefore(publishTime.plus(length));
  }
}
