package dev.userwhisperer.gcp;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.WriteBatch;
import dev.userwhisperer.core.port.IngestDedup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link IngestDedup} on Firestore: one document per claimed messageId in {@value #COLLECTION}, its
 * id a hash of app and messageId (evenly spread: this is the hottest write path), with an {@value
 * #EXPIRE_AT} field that a TTL policy (Terraform) uses to delete it after the retention. TTL
 * deletion lags by up to a day, so an expired document counts as absent.
 *
 * <p>A claim is one transaction per {@value #CHUNK} ids: it reads their documents and writes those
 * it takes as {@value #PENDING}; Firestore fails a transaction whose reads another committed
 * transaction changed, and the client retries it, so of two concurrent claims of an id exactly one
 * takes it. Per event this costs one read and one write to claim and one write to confirm.
 */
final class FirestoreIngestDedup implements IngestDedup {
  static final String COLLECTION = "ingest_dedup";
  static final String EXPIRE_AT = "expireAt";
  static final String PENDING = "pending";
  static final String CLAIMED_AT = "claimedAt";
  static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
  private static final int CHUNK = 500;

  private final Firestore firestore;
  private final Clock clock;
  private final Duration retention;

  FirestoreIngestDedup(Firestore firestore, Clock clock, Duration retention) {
    this.firestore = firestore;
    this.clock = clock;
    this.retention = retention;
  }

  @Override
  public Claim claim(String appId, Collection<String> messageIds, Instant at) {
    List<String> ids = List.copyOf(new HashSet<>(messageIds));
    Instant now = clock.instant();
    Set<String> claimed = new HashSet<>();
    Set<String> inFlight = new HashSet<>();
    for (int from = 0; from < ids.size(); from += CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
      DocumentReference[] documents =
          chunk.stream().map(id -> document(appId, id)).toArray(DocumentReference[]::new);
      Claim taken =
          FirestoreCalls.await(
              firestore.runTransaction(
                  transaction -> {
                    Set<String> took = new HashSet<>();
                    Set<String> held = new HashSet<>();
                    List<DocumentSnapshot> snapshots = transaction.getAll(documents).get();
                    for (int i = 0; i < snapshots.size(); i++) {
                      DocumentSnapshot snapshot = snapshots.get(i);
                      String id = chunk.get(i);
                      if (isHeldPending(snapshot, at)) {
                        held.add(id);
                      } else if (!isAccepted(snapshot, now)) {
                        transaction.set(documents[i], pendingFields(appId, id, at));
                        took.add(id);
                      }
                    }
                    return new Claim(took, held);
                  }),
              "claiming " + chunk.size() + " messageIds of " + appId);
      claimed.addAll(taken.claimed());
      inFlight.addAll(taken.inFlight());
    }
    return new Claim(claimed, inFlight);
  }

  @Override
  public void confirm(String appId, Collection<String> messageIds, Instant claimedAt) {
    List<String> ids = List.copyOf(new HashSet<>(messageIds));
    for (int from = 0; from < ids.size(); from += CHUNK) {
      WriteBatch batch = firestore.batch();
      for (String id : ids.subList(from, Math.min(ids.size(), from + CHUNK))) {
        batch.update(document(appId, id), PENDING, false);
      }
      FirestoreCalls.await(batch.commit(), "confirming " + ids.size() + " messageIds of " + appId);
    }
  }

  /** One transaction per chunk: only claims still pending and made at {@code claimedAt} go. */
  @Override
  public void release(String appId, Collection<String> messageIds, Instant claimedAt) {
    Timestamp ours = FirestoreCalls.timestamp(claimedAt);
    List<String> ids = List.copyOf(new HashSet<>(messageIds));
    for (int from = 0; from < ids.size(); from += CHUNK) {
      DocumentReference[] documents =
          ids.subList(from, Math.min(ids.size(), from + CHUNK)).stream()
              .map(id -> document(appId, id))
              .toArray(DocumentReference[]::new);
      FirestoreCalls.await(
          firestore.runTransaction(
              transaction -> {
                for (DocumentSnapshot snapshot : transaction.getAll(documents).get()) {
                  if (Boolean.TRUE.equals(snapshot.getBoolean(PENDING))
                      && ours.equals(snapshot.getTimestamp(CLAIMED_AT))) {
                    transaction.delete(snapshot.getReference());
                  }
                }
                return null;
              }),
          "releasing " + documents.length + " messageIds of " + appId);
    }
  }

  private boolean isHeldPending(DocumentSnapshot snapshot, Instant at) {
    Timestamp claimedAt = snapshot.getTimestamp(CLAIMED_AT);
    return snapshot.exists()
        && Boolean.TRUE.equals(snapshot.getBoolean(PENDING))
        && claimedAt != null
        && FirestoreCalls.instant(claimedAt).plus(CLAIM_LEASE).isAfter(at);
  }

  private static boolean isAccepted(DocumentSnapshot snapshot, Instant now) {
    Timestamp expireAt = snapshot.getTimestamp(EXPIRE_AT);
    return snapshot.exists()
        && !Boolean.TRUE.equals(snapshot.getBoolean(PENDING))
        && expireAt != null
        && FirestoreCalls.instant(expireAt).isAfter(now);
  }

  private Map<String, Object> pendingFields(String appId, String messageId, Instant at) {
    return Map.of(
        "appId",
        appId,
        "messageId",
        messageId,
        PENDING,
        true,
        CLAIMED_AT,
        FirestoreCalls.timestamp(at),
        EXPIRE_AT,
        FirestoreCalls.timestamp(at.plus(retention)));
  }

  private DocumentReference document(String appId, String messageId) {
    return firestore.collection(COLLECTION).document(DocumentIds.hashed(appId, messageId));
  }
}
