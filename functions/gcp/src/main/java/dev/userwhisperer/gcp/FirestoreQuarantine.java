package dev.userwhisperer.gcp;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query.Direction;
import com.google.cloud.firestore.WriteBatch;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.Quarantine;
import dev.userwhisperer.core.port.QuarantinedEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@link Quarantine} on Firestore: {@code apps/{appId}/quarantine/{quarantineId}}, the record as
 * JSON (the payload is the client's text, kept verbatim) and {@value #RECEIVED_AT} for the
 * newest-first listing. Putting the same quarantineId again overwrites it with the same record.
 */
final class FirestoreQuarantine implements Quarantine {
  static final String COLLECTION = "quarantine";
  static final String JSON = "json";
  static final String RECEIVED_AT = "receivedAt";
  private static final int CHUNK = 500;

  private final Firestore firestore;

  FirestoreQuarantine(Firestore firestore) {
    this.firestore = firestore;
  }

  @Override
  public void put(List<QuarantinedEvent> events) {
    for (int from = 0; from < events.size(); from += CHUNK) {
      WriteBatch batch = firestore.batch();
      for (QuarantinedEvent event : events.subList(from, Math.min(events.size(), from + CHUNK))) {
        batch.set(
            quarantine(event.appId()).document(DocumentIds.escape(event.quarantineId())),
            Map.of(
                JSON,
                Json.encodeToString(event),
                RECEIVED_AT,
                FirestoreCalls.timestamp(event.receivedAt())));
      }
      FirestoreCalls.await(batch.commit(), "quarantining " + events.size() + " events");
    }
  }

  @Override
  public List<QuarantinedEvent> list(String appId, int limit) {
    return FirestoreCalls.await(
            quarantine(appId).orderBy(RECEIVED_AT, Direction.DESCENDING).limit(limit).get(),
            "listing the quarantine of " + appId)
        .getDocuments()
        .stream()
        .map(
            d ->
                Json.decode(
                    d.getString(JSON).getBytes(StandardCharsets.UTF_8), QuarantinedEvent.class))
        .toList();
  }

  private CollectionReference quarantine(String appId) {
    return firestore.collection("apps").document(DocumentIds.escape(appId)).collection(COLLECTION);
  }
}
