package dev.userwhisperer.local.store;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How far a message in the local outbox got, in the order a recipient goes through them. */
public enum OutboxStatus {
  /** Handed to a provider (SendGrid, Twilio, FCM, SMTP); its webhooks tell the rest. */
  SENT,
  DELIVERED,
  OPENED,
  CLICKED,
  UNSUBSCRIBED;

  /** As stored and as the API writes it: {@code delivered}, {@code opened}, ... */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static OutboxStatus fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
