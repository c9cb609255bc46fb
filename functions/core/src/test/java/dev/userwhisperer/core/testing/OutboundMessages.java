package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.OutboundMessage;
import java.time.Instant;

/** Outbound messages for tests of the deliver stage and its senders. */
public final class OutboundMessages {
  public static final Instant CREATED = Instant.parse("2026-01-05T12:00:00Z");

  private OutboundMessages() {}

  public static OutboundMessage email(String messageId, String to) {
    return of(messageId, Channel.EMAIL, to, "Welcome aboard", "Hi Ada,\n\nGlad you are here.");
  }

  public static OutboundMessage sms(String messageId, String to) {
    return of(messageId, Channel.SMS, to, null, "Glad you are here. Reply STOP to opt out.");
  }

  public static OutboundMessage push(String messageId, String token) {
    return of(messageId, Channel.PUSH, token, null, "Glad you are here.");
  }

  public static OutboundMessage of(
      String messageId, Channel channel, String to, String subject, String body) {
    return of("app1", messageId, channel, to, subject, body);
  }

  public static OutboundMessage of(
      String appId, String messageId, Channel channel, String to, String subject, String body) {
    return new OutboundMessage(
        OutboundMessage.VERSION,
        messageId,
        "d-" + messageId,
        appId,
        "u-" + messageId,
        channel,
        to,
        "en",
        "welcome",
        "template-v1",
        subject,
        body,
        CREATED);
  }
}
