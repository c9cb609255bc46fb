package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.feedback.FeedbackKind;
import dev.userwhisperer.core.feedback.FeedbackRequest;
import dev.userwhisperer.core.feedback.FeedbackService;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.MessageHistory;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.profile.ConsentSource;
import dev.userwhisperer.core.testing.Decisions;
import dev.userwhisperer.core.testing.InMemoryEventBus;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.OutboundMessages;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Opens, clicks, opt-outs and provider statuses reach the message's document in {@code
 * sent_messages} through the functions' warehouse ({@link SentMessageStatusWarehouse}), once each,
 * on the emulator; the console's message history reads them back.
 */
@ExtendWith(GcpEmulators.class)
class SentMessageStatusIT {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");

  private final Firestore firestore;
  private final FirestoreSentMessages sent;
  private final FirestoreDecisionLog decisions;
  private final InMemoryWarehouse bigQuery = new InMemoryWarehouse();
  private final SentMessageStatusWarehouse warehouse;
  private final MutableClock clock = new MutableClock(T);
  private final FeedbackService feedback;
  private final String app = "app-" + UUID.randomUUID();

  SentMessageStatusIT(Firestore firestore) {
    this.firestore = firestore;
    this.sent = new FirestoreSentMessages(firestore);
    this.decisions = new FirestoreDecisionLog(firestore);
    this.warehouse = new SentMessageStatusWarehouse(bigQuery, sent);
    this.feedback = new FeedbackService(sent, new InMemoryEventBus(), warehouse, clock);
  }

  private OutboundMessage sentWith(String status) {
    Decision d = Decisions.decision("d-" + UUID.randomUUID()).app(app).user("ada").at(T).build();
    decisions.record(d);
    OutboundMessage m = OutboundMessages.emailOf(d, "Welcome");
    sent.record(m, status, T);
    return m;
  }

  private DocumentSnapshot document(OutboundMessage m) throws Exception {
    return firestore
        .collection(FirestoreSentMessages.COLLECTION)
        .document(DocumentIds.escape(m.outboundId()))
        .get()
        .get();
  }

  private void hit(OutboundMessage m, FeedbackKind kind, Duration after) {
    clock.set(T.plus(after));
    assertThat(feedback.handle(new FeedbackRequest(m.outboundId(), kind)).status()).isEqualTo(202);
  }

  @Test
  void anOpenAndAClickMoveTheMessageOnAndARepeatedOpenKeepsTheFirstOpensTime() throws Exception {
    OutboundMessage m = sentWith("dry_run");

    hit(m, FeedbackKind.OPEN, Duration.ofMinutes(5));
    hit(m, FeedbackKind.OPEN, Duration.ofMinutes(9));
    DocumentSnapshot opened = document(m);
    hit(m, FeedbackKind.CLICK, Duration.ofMinutes(10));
    hit(m, FeedbackKind.OPEN, Duration.ofMinutes(11));

    assertThat(opened.getString(FirestoreSentMessages.STATUS)).isEqualTo("opened");
    DocumentSnapshot clicked = document(m);
    assertThat(clicked.getString(FirestoreSentMessages.STATUS)).isEqualTo("clicked");
    assertThat(clicked.getTimestamp("statusAt.opened").toDate().toInstant())
        .isEqualTo(T.plus(Duration.ofMinutes(5)));
    assertThat(clicked.getTimestamp("statusAt.clicked").toDate().toInstant())
        .isEqualTo(T.plus(Duration.ofMinutes(10)));
    assertThat(clicked.getTimestamp("statusAt.dry_run").toDate().toInstant()).isEqualTo(T);
    assertThat(clicked.getTimestamp(FirestoreSentMessages.SENT_AT).toDate().toInstant())
        .isEqualTo(T);
    assertThat(clicked.getUpdateTime())
        .as("the open after the click wrote nothing")
        .isEqualTo(document(m).getUpdateTime());
    assertThat(bigQuery.rows(Table.DELIVERIES))
        .as("one row per message and status, as BigQuery's view keeps them")
        .extracting(r -> r.get("status"))
        .containsExactly("opened", "clicked");
  }

  @Test
  void aRedeliveredStatusWritesNothing() throws Exception {
    OutboundMessage m = sentWith("dry_run");
    hit(m, FeedbackKind.OPEN, Duration.ofMinutes(5));
    DocumentSnapshot before = document(m);

    hit(m, FeedbackKind.OPEN, Duration.ofMinutes(6));

    assertThat(document(m).getUpdateTime()).isEqualTo(before.getUpdateTime());
  }

  @Test
  void deliverersAndTheProvidersStatusesMoveASendingMessageOnAndAnOptOutEndsIt() throws Exception {
    OutboundMessage m = sentWith(GcpPlatform.SENDING);

    warehouse.append(Table.DELIVERIES, List.of(row(m, "sent", T.plusSeconds(1))));
    assertThat(document(m).getString(FirestoreSentMessages.STATUS)).isEqualTo("sent");
    warehouse.append(Table.DELIVERIES, List.of(row(m, "delivered", T.plusSeconds(30))));
    assertThat(document(m).getString(FirestoreSentMessages.STATUS)).isEqualTo("delivered");
    clock.set(T.plusSeconds(600));
    feedback.handle(
        new FeedbackRequest(m.outboundId(), FeedbackKind.UNSUBSCRIBE, ConsentSource.WEBHOOK));
    warehouse.append(Table.DELIVERIES, List.of(row(m, "delivered", T.plusSeconds(700))));

    DocumentSnapshot after = document(m);
    assertThat(after.getString(FirestoreSentMessages.STATUS)).isEqualTo("unsubscribed");
    assertThat(after.getTimestamp("statusAt.delivered").toDate().toInstant())
        .isEqualTo(T.plusSeconds(30));
    assertThat(after.getTimestamp("statusAt.unsubscribed").toDate().toInstant())
        .isEqualTo(T.plusSeconds(600));
  }

  @Test
  void aBounceIsRecordedAndTheConsolesHistoryShowsTheStatus() {
    OutboundMessage bounced = sentWith("sent");
    OutboundMessage clicked = sentWith("dry_run");

    feedback.handle(
        new FeedbackRequest(bounced.outboundId(), FeedbackKind.BOUNCE, ConsentSource.WEBHOOK));
    hit(clicked, FeedbackKind.CLICK, Duration.ofMinutes(1));

    MessageHistory history = GcpAdapters.messageHistory(firestore, decisions);
    assertThat(history.find(app, bounced.outboundId())).map(e -> e.status()).contains("bounced");
    assertThat(history.sentTo(app, "ada", 10))
        .extracting(MessageHistory.Entry::status)
        .containsExactlyInAnyOrder("bounced", "clicked");
  }

  @Test
  void aStatusOfAMessageNeverSentChangesNothing() {
    assertThat(sent.progress("never-sent", "opened", T)).isFalse();
    warehouse.append(
        Table.DELIVERIES,
        List.of(
            WarehouseRows.delivery(
                new Delivery("never-sent", app, "ada", Channel.EMAIL, "delivered", "x", T))));

    assertThat(sent.find("never-sent")).isEmpty();
    assertThat(bigQuery.rows(Table.DELIVERIES)).hasSize(1);
  }

  private java.util.Map<String, Object> row(OutboundMessage m, String status, Instant at) {
    return WarehouseRows.delivery(
        new Delivery(m.outboundId(), app, m.userId(), m.channel(), status, "p-1", at));
  }
}
