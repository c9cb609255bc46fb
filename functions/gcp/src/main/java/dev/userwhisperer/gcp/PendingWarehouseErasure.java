package dev.userwhisperer.gcp;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.port.PersonalDataStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The BigQuery erasure with a memory of what it could not finish: when the warehouse reports tables
 * {@code :pending} (rows still in the streaming buffer), a document {@code pending_erasures/{hash
 * of app and user}} keeps the app, the user, the erasure id and time, and the pending tables (no
 * contact data); when an erasure of the user finishes, the document goes. {@link #retryPending}
 * (run by the daily learn function) erases every user with such a document again, so nobody has to
 * call {@code DELETE} twice. Idempotent: erasing again deletes what is left and never more.
 */
final class PendingWarehouseErasure implements PersonalDataStore {
  static final String COLLECTION = "pending_erasures";
  static final String PENDING = ":pending";

  private final PersonalDataStore warehouse;
  private final Firestore firestore;

  PendingWarehouseErasure(PersonalDataStore warehouse, Firestore firestore) {
    this.warehouse = warehouse;
    this.firestore = firestore;
  }

  @Override
  public List<Erased> erase(ErasureScope scope) {
    List<Erased> erased = warehouse.erase(scope);
    List<String> pending =
        erased.stream().map(Erased::store).filter(s -> s.endsWith(PENDING)).toList();
    DocumentReference document = document(scope.appId(), scope.userId());
    if (pending.isEmpty()) {
      FirestoreCalls.await(document.delete(), "clearing a pending erasure");
    } else {
      FirestoreCalls.await(
          document.set(
              Map.of(
                  "appId", scope.appId(),
                  "userId", scope.userId(),
                  "erasureId", scope.erasureId(),
                  "erasedAt", FirestoreCalls.timestamp(scope.erasedAt()),
                  "pendingTables", pending)),
          "recording a pending erasure");
    }
    return erased;
  }

  /**
   * Erases again, from the warehouse only, every user whose erasure left tables pending (under the
   * same erasure id and time); answers what each pass removed and what is still pending.
   */
  Retried retryPending() {
    List<DocumentSnapshot> waiting =
        new ArrayList<>(
            FirestoreCalls.await(firestore.collection(COLLECTION).get(), "listing pending erasures")
                .getDocuments());
    int finished = 0;
    List<Erased> removed = new ArrayList<>();
    for (DocumentSnapshot d : waiting) {
      Timestamp at = d.getTimestamp("erasedAt");
      List<Erased> erased =
          erase(
              new ErasureScope(
                  d.getString("erasureId"),
                  at == null ? Instant.EPOCH : FirestoreCalls.instant(at),
                  d.getString("appId"),
                  d.getString("userId"),
                  Set.of(),
                  Set.of()));
      removed.addAll(erased);
      if (erased.stream().noneMatch(e -> e.store().endsWith(PENDING))) {
        finished++;
      }
    }
    return new Retried(waiting.size(), finished, removed.stream().mapToLong(Erased::count).sum());
  }

  /**
   * @param retried users whose erasure had tables pending
   * @param finished of those, the ones with nothing pending any more
   * @param rowsRemoved rows deleted by this pass
   */
  record Retried(int retried, int finished, long rowsRemoved) {}

  private DocumentReference document(String appId, String userId) {
    return firestore.collection(COLLECTION).document(DocumentIds.hashed(appId, userId));
  }
}
