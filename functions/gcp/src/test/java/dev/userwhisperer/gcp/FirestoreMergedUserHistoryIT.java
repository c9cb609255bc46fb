package dev.userwhisperer.gcp;

import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.MessageHistory;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.testing.MergedUserHistoryContract;
import java.time.Instant;
import org.junit.jupiter.api.extension.ExtendWith;

/** An alias's anonymous history on the Firestore adapters, on the emulator. */
@ExtendWith(GcpEmulators.class)
class FirestoreMergedUserHistoryIT extends MergedUserHistoryContract {
  private final Firestore firestore;
  private final DecisionLog decisions;

  FirestoreMergedUserHistoryIT(Firestore firestore) {
    this.firestore = firestore;
    this.decisions = GcpAdapters.decisionLog(firestore);
  }

  @Override
  protected ProfileStore profiles() {
    return GcpAdapters.profileStore(firestore);
  }

  @Override
  protected DecisionLog decisions() {
    return decisions;
  }

  @Override
  protected ConsentTrail consent() {
    return GcpAdapters.consentTrail(firestore);
  }

  @Override
  protected MessageHistory messages() {
    return GcpAdapters.messageHistory(firestore, decisions);
  }

  @Override
  protected void sent(OutboundMessage message, Instant at) {
    SentMessagesFixture.record(firestore, message, "dry_run", at);
  }
}
