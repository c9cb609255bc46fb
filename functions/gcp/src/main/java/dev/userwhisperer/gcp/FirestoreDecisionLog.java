package dev.userwhisperer.gcp;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldMask;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query.Direction;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.port.DecisionLog;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link DecisionLog} on Firestore: the subcollection {@code apps/{appId}/users/{userId}/decisions}
 * with one document per decision, the record as JSON (see {@link FirestoreProfileStore} for why)
 * and the fields the queries need:
 *
 * <ul>
 *   <li>{@value #DECIDED_AT} orders {@link #recent};
 *   <li>{@value #MESSAGE_SEND_AT} exists only on decisions that send (SEND, DEFERRED), so that
 *       {@link #messagesSince} is a range query over one field of one user's subcollection, served
 *       by the automatic single-field index without a composite index;
 *   <li>{@value #OUTCOME} tells {@link #messagesSince} which messages were deferred, and whether a
 *       deferred one's release was withdrawn;
 *   <li>{@value #DECISION_ID} lets {@link #find} look a decision up without its user through a
 *       collection-group query: it needs a single-field index with collection-group scope on {@code
 *       decisions.decisionId} (Terraform).
 * </ul>
 */
final class FirestoreDecisionLog implements DecisionLog {
  static final String COLLECTION = "decisions";
  static final String JSON = "json";
  static final String APP_ID = "appId";
  static final String DECISION_ID = "decisionId";
  static final String SIGNAL_ID = "signalId";
  static final String OUTCOME = "outcome";
  static final String DECIDED_AT = "decidedAt";
  static final String MESSAGE_SEND_AT = "messageSendAt";

  private final Firestore firestore;

  FirestoreDecisionLog(Firestore firestore) {
    this.firestore = firestore;
  }

  /** Creates the document; when it exists already, the first record stands. */
  @Override
  public void record(Decision decision) {
    FirestoreCalls.create(
        decisions(decision.appId(), decision.userId())
            .document(DocumentIds.escape(decision.decisionId()))
            .create(fields(decision)),
        "recording decision " + decision.decisionId());
  }

  @Override
  public Optional<Decision> find(String appId, String decisionId) {
    List<QueryDocumentSnapshot> matches =
        FirestoreCalls.await(
                firestore.collectionGroup(COLLECTION).whereEqualTo(DECISION_ID, decisionId).get(),
                "finding decision " + decisionId)
            .getDocuments();
    return matches.stream()
        .filter(d -> appId.equals(d.getString(APP_ID)))
        .findFirst()
        .map(FirestoreDecisionLog::decode);
  }

  @Override
  public List<Decision> recent(String appId, String userId, int limit) {
    return FirestoreCalls.await(
            decisions(appId, userId).orderBy(DECIDED_AT, Direction.DESCENDING).limit(limit).get(),
            "reading decisions of " + appId + "/" + userId)
        .getDocuments()
        .stream()
        .map(FirestoreDecisionLog::decode)
        .toList();
  }

  /**
   * One message per signalId, so that a deferred decision and the SEND that releases it are one
   * message (the contract on main); a decision without a signalId is one alone. Reads the matching
   * documents' id, outcome and send time rather than running a count aggregation, which cannot
   * count distinct values; a user has a handful of messages within any cap window. A deferred one
   * is dropped when its release was withdrawn, which one batched read of the releases tells.
   */
  @Override
  public List<Instant> messagesSince(String appId, String userId, Instant since) {
    CollectionReference decisions = decisions(appId, userId);
    List<QueryDocumentSnapshot> messages =
        FirestoreCalls.await(
                decisions
                    .whereGreaterThanOrEqualTo(MESSAGE_SEND_AT, FirestoreCalls.timestamp(since))
                    .select(SIGNAL_ID, DECISION_ID, OUTCOME, MESSAGE_SEND_AT)
                    .get(),
                "reading the messages of " + appId + "/" + userId)
            .getDocuments();
    Set<String> withdrawn = withdrawn(decisions, messages);
    return List.copyOf(
        messages.stream()
            .filter(d -> !withdrawn.contains(d.getString(DECISION_ID)))
            .collect(
                Collectors.toMap(
                    d ->
                        d.getString(SIGNAL_ID) != null
                            ? "signal:" + d.getString(SIGNAL_ID)
                            : "decision:" + d.getString(DECISION_ID),
                    d -> FirestoreCalls.instant(d.getTimestamp(MESSAGE_SEND_AT)),
                    (a, b) -> a.isAfter(b) ? a : b))
            .values());
  }

  /** The ids of the DEFERRED decisions among {@code messages} whose release was withdrawn. */
  private Set<String> withdrawn(
      CollectionReference decisions, List<QueryDocumentSnapshot> messages) {
    Map<DocumentReference, String> deferredByRelease = new HashMap<>();
    messages.stream()
        .filter(d -> Outcome.DEFERRED.name().equals(d.getString(OUTCOME)))
        .map(d -> d.getString(DECISION_ID))
        .forEach(
            id ->
                deferredByRelease.put(
                    decisions.document(DocumentIds.escape(Ids.released(id))), id));
    if (deferredByRelease.isEmpty()) {
      return Set.of();
    }
    return FirestoreCalls.await(
            firestore.getAll(
                deferredByRelease.keySet().toArray(DocumentReference[]::new),
                FieldMask.of(OUTCOME)),
            "reading the releases of deferred decisions")
        .stream()
        .filter(release -> Outcome.NOT_ELIGIBLE.name().equals(release.getString(OUTCOME)))
        .map(release -> deferredByRelease.get(release.getReference()))
        .collect(Collectors.toSet());
  }

  private CollectionReference decisions(String appId, String userId) {
    return firestore
        .collection("apps")
        .document(DocumentIds.escape(appId))
        .collection("users")
        .document(DocumentIds.escape(userId))
        .collection(COLLECTION);
  }

  private static Map<String, Object> fields(Decision decision) {
    Map<String, Object> fields = new HashMap<>();
    fields.put(JSON, Json.encodeToString(decision));
    fields.put(APP_ID, decision.appId());
    fields.put(DECISION_ID, decision.decisionId());
    fields.put(SIGNAL_ID, decision.signalId());
    fields.put(OUTCOME, decision.outcome().name());
    fields.put(DECIDED_AT, FirestoreCalls.timestamp(decision.decidedAt()));
    if (decision.outcome() == Outcome.SEND || decision.outcome() == Outcome.DEFERRED) {
      fields.put(MESSAGE_SEND_AT, FirestoreCalls.timestamp(decision.sendAt()));
    }
    return fields;
  }

  private static Decision decode(DocumentSnapshot document) {
    return Json.decode(document.getString(JSON).getBytes(StandardCharsets.UTF_8), Decision.class);
  }
}
