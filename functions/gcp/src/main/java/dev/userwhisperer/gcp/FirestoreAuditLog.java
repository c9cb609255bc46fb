package dev.userwhisperer.gcp;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.Query.Direction;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.AuditEntry;
import dev.userwhisperer.core.port.AuditLog;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * {@link AuditLog} on Firestore: {@code audit_log/{auto id}}, the entry as JSON beside {@code
 * appId} and {@code at} to query by. Firestore has no sequence: an entry's {@code seq} is its time
 * in microseconds since the epoch. Listing one app's entries needs the composite index ({@code
 * appId}, {@code at} descending).
 */
final class FirestoreAuditLog implements AuditLog {
  static final String COLLECTION = "audit_log";
  static final String APP_ID = "appId";
  static final String AT = "at";
  static final String JSON = "json";

  private final Firestore firestore;

  FirestoreAuditLog(Firestore firestore) {
    this.firestore = firestore;
  }

  @Override
  public void append(AuditEntry entry) {
    AuditEntry sequenced =
        new AuditEntry(
            ChronoUnit.MICROS.between(java.time.Instant.EPOCH, entry.at()),
            entry.at(),
            entry.actor(),
            entry.action(),
            entry.appId(),
            entry.keyId(),
            entry.details());
    FirestoreCalls.await(
        firestore
            .collection(COLLECTION)
            .document()
            .create(
                Map.of(
                    APP_ID,
                    entry.appId(),
                    AT,
                    FirestoreCalls.timestamp(entry.at()),
                    JSON,
                    Json.encodeToString(sequenced))),
        "appending to the audit log");
  }

  @Override
  public List<AuditEntry> list(String appId, int limit) {
    Query query = firestore.collection(COLLECTION);
    if (appId != null) {
      query = query.whereEqualTo(APP_ID, appId);
    }
    return FirestoreCalls.await(
            query.orderBy(AT, Direction.DESCENDING).limit(limit).get(), "reading the audit log")
        .getDocuments()
        .stream()
        .map(d -> Json.decode(d.getString(JSON).getBytes(StandardCharsets.UTF_8), AuditEntry.class))
        .toList();
  }
}
