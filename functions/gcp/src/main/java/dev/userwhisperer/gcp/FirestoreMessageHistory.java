package dev.userwhisperer.gcp;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.MessageHistory;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link MessageHistory} on Firestore {@code sent_messages} ({@link FirestoreSentMessages}): an
 * app's messages by {@code appId} and {@code sentAt} (the composite index {@code
 * sent_messages_by_app} in Terraform); a user's through the user's SEND and DEFERRED decisions,
 * which name their messages, as the data export finds them.
 */
final class FirestoreMessageHistory implements MessageHistory {
  /** Decisions read per message asked for: most decisions of a user send nothing. */
  static final int DECISIONS_PER_MESSAGE = 4;

  private final Firestore firestore;
  private final DecisionLog decisions;

  FirestoreMessageHistory(Firestore firestore, DecisionLog decisions) {
    this.firestore = Objects.requireNonNull(firestore, "firestore");
    this.decisions = Objects.requireNonNull(decisions, "decisions");
  }

  @Override
  public List<Entry> recent(String appId, int limit) {
    return FirestoreCalls.await(
            firestore
                .collection(FirestoreSentMessages.COLLECTION)
                .whereEqualTo(FirestoreSentMessages.APP_ID, appId)
                .orderBy(FirestoreSentMessages.SENT_AT, Query.Direction.DESCENDING)
                .limit(limit)
                .get(),
            "listing the app's sent messages")
        .getDocuments()
        .stream()
        .map(FirestoreMessageHistory::entry)
        .toList();
  }

  @Override
  public List<Entry> sentTo(String appId, String userId, int limit) {
    Set<String> outboundIds = new LinkedHashSet<>();
    for (Decision d : decisions.recent(appId, userId, limit * DECISIONS_PER_MESSAGE)) {
      if (d.outcome() == Decision.Outcome.SEND || d.outcome() == Decision.Outcome.DEFERRED) {
        outboundIds.add(Ids.outboundOf(d));
      }
    }
    return outboundIds.stream()
        .map(id -> find(appId, id))
        .flatMap(Optional::stream)
        .limit(limit)
        .toList();
  }

  @Override
  public Optional<Entry> find(String appId, String outboundId) {
    DocumentSnapshot snapshot =
        FirestoreCalls.await(
            firestore
                .collection(FirestoreSentMessages.COLLECTION)
                .document(DocumentIds.escape(outboundId))
                .get(),
            "reading sent message " + outboundId);
    return snapshot.exists() && appId.equals(snapshot.getString(FirestoreSentMessages.APP_ID))
        ? Optional.of(entry(snapshot))
        : Optional.empty();
  }

  private static Entry entry(DocumentSnapshot d) {
    OutboundMessage message =
        Json.decode(
            d.getString(FirestoreSentMessages.JSON).getBytes(StandardCharsets.UTF_8),
            OutboundMessage.class);
    return new Entry(
        message,
        d.getString(FirestoreSentMessages.STATUS),
        FirestoreCalls.instant(d.getTimestamp(FirestoreSentMessages.SENT_AT)));
  }
}
