package dev.userwhisperer.core.profile;

import java.util.Arrays;
import java.util.Optional;

/** Where a consent statement came from, as the audit trail records it. */
public enum ConsentSource {
  /** The app's {@code identify} with a {@code consent} trait. */
  IDENTIFY("identify"),
  /** The user, on the preference page linked from messages. */
  PREFERENCE_PAGE("preference_page"),
  /** The user, texting STOP or START to the app's number. */
  SMS_KEYWORD("sms_keyword"),
  /** The user, through a message's unsubscribe link or the mail client's one-click. */
  UNSUBSCRIBE_LINK("unsubscribe_link"),
  /** A provider's signed webhook: an unsubscribe, a spam report or a hard bounce. */
  WEBHOOK("webhook"),
  /** The app's own tooling, through {@code POST /v1/outbox/{outboundId}/{kind}}. */
  API("api"),
  /** An opt-out kept on the suppression list after the user was erased, met again. */
  SUPPRESSION_LIST("suppression_list");

  /** The event context key under which platform-made events name their source. */
  public static final String CONTEXT_KEY = "consentSource";

  private final String wireName;

  ConsentSource(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<ConsentSource> fromWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }
}
