package dev.userwhisperer.core.feedback;

import java.util.Locale;

/** What a user did with a message, as reported by a provider webhook or a tracked link. */
public enum FeedbackKind {
  OPEN,
  CLICK,
  UNSUBSCRIBE,
  /** A spam report (provider complaint webhook): treated like an unsubscribe from the channel. */
  COMPLAINT,
  /** A hard bounce (provider webhook): the address is suppressed for the channel. */
  BOUNCE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException for a name that is not {@code open}, {@code click}, {@code
   *     unsubscribe}, {@code complaint} or {@code bounce}
   */
  public static FeedbackKind fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
