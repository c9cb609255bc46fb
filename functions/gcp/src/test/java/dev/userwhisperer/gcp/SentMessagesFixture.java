package dev.userwhisperer.gcp;

import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.Provenance;
import java.time.Instant;
import java.util.Map;

/**
 * Messages in Firestore {@code sent_messages} as the deliver function records them, for tests
 * outside this package (the console on Google Cloud).
 */
public final class SentMessagesFixture {
  private SentMessagesFixture() {}

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

  /** Records the message as sent with {@code status} at {@code at}. */
  public static void record(
      Firestore firestore, OutboundMessage message, String status, Instant at) {
    new FirestoreSentMessages(firestore).record(message, status, at);
  }
}
