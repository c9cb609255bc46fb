package dev.userwhisperer.gcp;

import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.message.OutboundMessage;
import java.time.Instant;

/**
 * Messages in Firestore {@code sent_messages} as the deliver function records them, for tests
 * outside this package (the console on Google Cloud).
 */
public final class SentMessagesFixture {
  private SentMessagesFixture() {}

  /** Records the message as sent with {@code status} at {@code at}. */
  public static void record(
      Firestore firestore, OutboundMessage message, String status, Instant at) {
    new FirestoreSentMessages(firestore).record(message, status, at);
  }
}
