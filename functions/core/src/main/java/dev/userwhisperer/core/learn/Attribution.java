package dev.userwhisperer.core.learn;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Whether a sent message counts as a success for its arm: the user opened, clicked or converted
 * within the attribution window after the send, that is at a time t with sentAt &le; t &le; sentAt
 * + window. Events before the send are not caused by it; events after the window are not credited
 * to it.
 *
 * @param window the attribution window, positive
 */
public record Attribution(Duration window) {
  /** 72 hours. */
  public static final Attribution DEFAULT = new Attribution(Duration.ofHours(72));

  public Attribution {
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
  }

  /**
   * @param sentAt when the message was sent
   * @param responseTimes the times of the user's open, click and conversion events, in any order
   * @return true if one of them falls within the window after {@code sentAt}
   */
  public boolean isSuccess(Instant sentAt, Iterable<Instant> responseTimes) {
    Objects.requireNonNull(sentAt, "sentAt");
    Objects.requireNonNull(responseTimes, "responseTimes");
    Instant end = sentAt.plus(window);
    for (Instant t : responseTimes) {
      if (!t.isBefore(sentAt) && !t.isAfter(end)) {
        return true;
      }
    }
    return false;
  }
}
