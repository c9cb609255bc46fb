package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.Provenance;
import java.time.Instant;
import java.util.Map;

/**
 * Outbound messages for tests of the deliver stage and its senders, shaped as compose writes them:
 * an e-mail has an HTML part and its List-Unsubscribe headers, a push notification a title.
 */
public final class OutboundMessages {
  public static final Instant CREATED = Instant.parse("2026-01-05T12:00:00Z");

  /** The unsubscribe link compose would put in a message of this id (test key, local base URL). */
  public static String unsubscribeUrl(String outboundId) {
    return "http://localhost:8080/v1/l/"
        + TestLinkTokens.tokens().issue(outboundId)
        + "/unsubscribe";
  }

  private OutboundMessages() {}

  /** The e-mail a SEND decision is composed into, with an HTML part. */
  public static OutboundMessage emailOf(Decision decision, String subject) {
    return new OutboundMessage(
        OutboundMessage.VERSION,
        Ids.outboundOf(decision),
        decision.decisionId(),
        decision.appId(),
        decision.userId(),
        Channel.EMAIL,
        "ada@example.com",
        "en",
        decision.intervention(),
        decision.variant(),
        subject,
        "Hi Ada, glad you are here.",
        decision.decidedAt(),
        "<p>Hi Ada, glad you are here.</p>",
        null,
        Map.of(),
        Provenance.template(0));
  }

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
        CREATED,
        channel == Channel.EMAIL ? "<p>" + body + "</p>" : null,
        channel == Channel.PUSH ? "Tempo" : null,
        channel == Channel.EMAIL
            ? Map.of(
                "List-Unsubscribe",
                "<" + unsubscribeUrl(messageId) + ">",
                "List-Unsubscribe-Post",
                "List-Unsubscribe=One-Click")
            : Map.of(),
        Provenance.template(0));
  }
}
