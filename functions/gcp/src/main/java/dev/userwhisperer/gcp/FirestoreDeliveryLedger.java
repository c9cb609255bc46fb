package dev.userwhisperer.gcp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Transaction;
import dev.userwhisperer.core.deliver.SendRecord;
import dev.userwhisperer.core.deliver.SendState;
import dev.userwhisperer.core.deliver.SendTransitions;
import dev.userwhisperer.core.port.DeliveryLedger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link DeliveryLedger} on Firestore: {@code delivery_ledger/{messageId}} with plain fields, each
 * change one transaction, so two instances handed the same message cannot both start its send.
 */
final class FirestoreDeliveryLedger implements DeliveryLedger {
  static final String COLLECTION = "delivery_ledger";

  private final Firestore firestore;

  FirestoreDeliveryLedger(Firestore firestore) {
    this.firestore = firestore;
  }

  @Override
  public Optional<SendRecord> find(String messageId) {
    DocumentSnapshot snapshot =
        Firestores.await(document(messageId).get(), "reading the send of " + messageId);
    return decode(messageId, snapshot);
  }

  @Override
  public Optional<SendRecord> start(
      String messageId, String appId, SendState expected, Instant at) {
    return change(
        messageId,
        "starting the send of " + messageId,
        current -> SendTransitions.start(current, messageId, appId, expected, at));
  }

  @Override
  public void finish(String messageId, SendState state, String providerId, Instant at) {
    change(
        messageId,
        "finishing the send of " + messageId,
        current -> SendTransitions.finish(current, state, providerId, at));
  }

  @Override
  public void confirm(String messageId, String appId, String providerId, Instant at) {
    change(
        messageId,
        "confirming the send of " + messageId,
        current -> SendTransitions.confirm(current, messageId, appId, providerId, at));
  }

  /** Writes what {@code next} makes of the current record, unless it answers empty. */
  private Optional<SendRecord> change(
      String messageId, String what, Function<Optional<SendRecord>, Optional<SendRecord>> next) {
    DocumentReference document = document(messageId);
    return Firestores.await(
        firestore.runTransaction(
            (Transaction transaction) -> {
              Optional<SendRecord> written =
                  next.apply(decode(messageId, transaction.get(document).get()));
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
    fields.put("startedAt", Firestores.timestamp(r.startedAt()));
    fields.put("updatedAt", Firestores.timestamp(r.updatedAt()));
    return fields;
  }

  private static Optional<SendRecord> decode(String messageId, DocumentSnapshot snapshot) {
    if (!snapshot.exists()) {
      return Optional.empty();
    }
    return Optional.of(
        new SendRecord(
            messageId,
            snapshot.getString("appId"),
            SendState.valueOf(snapshot.getString("state")),
            Objects.requireNonNull(snapshot.getLong("attempts")).intValue(),
            snapshot.getString("providerId"),
            Firestores.instant(snapshot.getTimestamp("startedAt")),
            Firestores.instant(snapshot.getTimestamp("updatedAt"))));
  }

  private DocumentReference document(String messageId) {
    return firestore.collection(COLLECTION).document(DocumentIds.escape(messageId));
  }
}
