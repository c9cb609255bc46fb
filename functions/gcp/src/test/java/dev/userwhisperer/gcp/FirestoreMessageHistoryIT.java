package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.MessageHistory;
import dev.userwhisperer.core.testing.Decisions;
import dev.userwhisperer.core.testing.OutboundMessages;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The console's message history on {@code sent_messages}, on the emulator. */
@ExtendWith(GcpEmulators.class)
class FirestoreMessageHistoryIT {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");

  private final Firestore firestore;
  private final FirestoreDecisionLog decisions;
  private final MessageHistory history;
  private final String app = "app-" + UUID.randomUUID();

  FirestoreMessageHistoryIT(Firestore firestore) {
    this.firestore = firestore;
    this.decisions = new FirestoreDecisionLog(firestore);
    this.history = GcpAdapters.messageHistory(firestore, decisions);
  }

  private OutboundMessage sent(String decisionId, String userId, Instant at) {
    Decision d = Decisions.decision(decisionId).app(app).user(userId).at(at).build();
    decisions.record(d);
    OutboundMessage m = OutboundMessages.emailOf(d, "Subject " + decisionId);
    SentMessagesFixture.record(firestore, m, "dry_run", at);
    return m;
  }

  @Test
  void theAppsMessagesAreListedNewestFirstWithTheirStatus() {
    OutboundMessage first = sent("d1", "u1", T);
    OutboundMessage second = sent("d2", "u2", T.plusSeconds(60));

    var recent = history.recent(app, 10);

    assertThat(recent)
        .extracting(e -> e.message().outboundId())
        .containsExactly(second.outboundId(), first.outboundId());
    assertThat(recent.get(0).status()).isEqualTo("dry_run");
    assertThat(recent.get(0).at()).isEqualTo(T.plusSeconds(60));
    assertThat(history.recent(app, 1)).hasSize(1);
  }

  @Test
  void aUsersMessagesAreFoundThroughTheUsersDecisions() {
    OutboundMessage mine = sent("d1", "u1", T);
    sent("d2", "u2", T.plusSeconds(60));
    decisions.record(
        Decisions.decision("d3")
            .app(app)
            .user("u1")
            .reason(DecisionReason.NO_CONSENT)
            .at(T.plusSeconds(120))
            .build());

    assertThat(history.sentTo(app, "u1", 10))
        .extracting(e -> e.message().outboundId())
        .containsExactly(mine.outboundId());
  }

  @Test
  void aMessageIsFoundOnlyUnderItsOwnApp() {
    OutboundMessage m = sent("d1", "u1", T);

    assertThat(history.find(app, m.outboundId()))
        .map(e -> e.message().subject())
        .contains("Subject d1");
    assertThat(history.find("another-app", m.outboundId())).isEmpty();
    assertThat(history.find(app, "no-such-message")).isEmpty();
  }
}
