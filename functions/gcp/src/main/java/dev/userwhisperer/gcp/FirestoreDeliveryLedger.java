package dev.userwhisperer.gcp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Transaction;
import dev.userwhisperer.core.deliver.SendTransitions;
import dev.userwhisperer.core.port.DeliveryLedger;
import dev.userwhisperer.core.port.SendRecord;
import dev.userwhisperer.core.port.SendState;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link DeliveryLedger} on Firestore: {@code delivery_ledger/{outboundId}} with plain fields, each
 * change one transaction, so two instances handed the same message cannot both start its send.
 */
final class FirestoreDeliveryLedger implements DeliveryLedger {
  static final String COLLECTION = "delivery_ledger";

  private final Firestore firestore;

  FirestoreDeliveryLedger(Firestore firestore) {
    this.firestore = firestore;
  }

  @Override
  public Optional<SendRecord> find(String outboundId) {
    DocumentSnapshot snapshot =
        FirestoreCalls.await(document(outboundId).get(), "reading the send of " + outboundId);
    return decode(outboundId, snapshot);
  }

  @Override
  public Optional<SendRecord> start(
      String outboundId, String appId, SendState expected, Instant at) {
    return change(
        outboundId,
        "starting the send of " + outboundId,
        current -> SendTransitions.start(current, outboundId, appId, expected, at));
  }

  @Override
  public void finish(String outboundId, SendState state, String providerId, Instant at) {
    change(
        outboundId,
        "finishing the send of " + outboundId,
        current -> SendTransitions.finish(current, state, providerId, at));
  }

  @Override
  public void confirm(String outboundId, String appId, String providerId, Instant at) {
    change(
        outboundId,
        "confirming the send of " + outboundId,
        current -> SendTransitions.confirm(current, outboundId, appId, providerId, at));
  }

  /** Writes what {@code next} makes of the current record, unless it answers empty. */
  private Optional<SendRecord> change(
      String outboundId, String what, Function<Optional<SendRecord>, Optional<SendRecord>> next) {
    DocumentReference document = document(outboundId);
    return FirestoreCalls.await(
        firestore.runTransaction(
            (Transaction transaction) -> {
              Optional<SendRecord> written =
                  next.apply(decode(outboundId, transaction.get(document).get()));
              written.ifPresent(r -> transaction.set(document, fields(r)));
              return written;
            }),
        what);
  }

  private static Map<String, Object> fields(SendRecord r) {
    Map<String, Object> fields = new HashMap<>();
    fields.put("appId", r.appId());
    fields.put("state", r.state().name());
    fields.put("attempts", r.attempts());
    fields.put("providerId", r.providerId());
    fields.put("startedAt", FirestoreCalls.timestamp(r.startedAt()));
    fields.put("updatedAt", FirestoreCalls.timestamp(r.updatedAt()));
    return fields;
  }

  private static Optional<SendRecord> decode(String outboundId, DocumentSnapshot snapshot) {
    if (!snapshot.exists()) {
      return Optional.empty();
    }
    return Optional.of(
        new SendRecord(
            outboundId,
            snapshot.getString("appId"),
            SendState.valueOf(snapshot.getString("state")),
            Objects.requireNonNull(snapshot.getLong("attempts")).intValue(),
            snapshot.getString("providerId"),
            FirestoreCalls.instant(snapshot.getTimestamp("startedAt")),
            FirestoreCalls.instant(snapshot.getTimestamp("updatedAt"))));
  }

  private DocumentReference document(String outboundId) {
    return firestore.collection(COLLECTION).document(DocumentIds.escape(outboundId));
  }
}
