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
 * {@link IngestDedup} on Firestore: one document per accepted messageId in {@value #COLLECTION},
 * its id a hash of app and messageId (evenly spread: this is the hottest write path), with an
 * {@value #EXPIRE_AT} field that a TTL policy (Terraform) uses to delete it after the retention.
 * Clients retry within minutes, so a week's memory is ample. TTL deletion lags by up to a day, so
 * an expired document counts as not seen. Reads are one batched get per {@value #CHUNK} ids, writes
 * one batch commit per {@value #CHUNK}.
 */
final class FirestoreIngestDedup implements IngestDedup {
  static final String COLLECTION = "ingest_dedup";
  static final String EXPIRE_AT = "expireAt";
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
  public Set<String> seen(String appId, Collection<String> messageIds) {
    List<String> ids = List.copyOf(new HashSet<>(messageIds));
    Instant now = clock.instant();
    Set<String> seen = new HashSet<>();
    for (int from = 0; from < ids.size(); from += CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
      DocumentReference[] documents =
          chunk.stream().map(id -> document(appId, id)).toArray(DocumentReference[]::new);
      for (DocumentSnapshot snapshot :
          FirestoreCalls.await(firestore.getAll(documents), "reading dedup of " + appId)) {
        Timestamp expireAt = snapshot.getTimestamp(EXPIRE_AT);
        if (snapshot.exists()
            && expireAt != null
            && FirestoreCalls.instant(expireAt).isAfter(now)) {
          seen.add(snapshot.getString("messageId"));
        }
      }
    }
    return seen;
  }

  @Override
  public void remember(String appId, Collection<String> messageIds, Instant acceptedAt) {
    List<String> ids = List.copyOf(new HashSet<>(messageIds));
    for (int from = 0; from < ids.size(); from += CHUNK) {
      WriteBatch batch = firestore.batch();
      for (String id : ids.subList(from, Math.min(ids.size(), from + CHUNK))) {
        batch.set(
            document(appId, id),
            Map.of(
                "appId",
                appId,
                "messageId",
                id,
                "acceptedAt",
                FirestoreCalls.timestamp(acceptedAt),
                EXPIRE_AT,
                FirestoreCalls.timestamp(acceptedAt.plus(retention))));
      }
      FirestoreCalls.await(batch.commit(), "remembering " + ids.size() + " messageIds of " + appId);
    }
  }

  private DocumentReference document(String appId, String messageId) {
    return firestore.collection(COLLECTION).document(DocumentIds.hashed(appId, messageId));
  }
}
