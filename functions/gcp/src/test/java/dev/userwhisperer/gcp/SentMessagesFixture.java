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

  /**
   * Records a later status of the message ({@code opened}, {@code clicked}…) as the functions'
   * warehouse does for each delivery row.
   */
  public static void progress(Firestore firestore, String outboundId, String status, Instant at) {
    new FirestoreSentMessages(firestore).progress(outboundId, status, at);
  }
}
