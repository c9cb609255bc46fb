package dev.userwhisperer.gcp;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.WriteBatch;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.UpliftTable;
import dev.userwhisperer.core.port.UpliftTableStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@link UpliftTableStore} on Firestore: {@code uplift_tables/{appId}}, that app's part of the
 * table as JSON (a few dozen cells, well under the 1 MiB document limit) and {@value #COMPUTED_AT}.
 * Decide reads the whole collection, at most every few minutes per instance.
 */
final class FirestoreUpliftTableStore implements UpliftTableStore {
  static final String COLLECTION = "uplift_tables";
  static final String JSON = "json";
  static final String COMPUTED_AT = "computedAt";
  private static final int CHUNK = 500;

  private final Firestore firestore;

  FirestoreUpliftTableStore(Firestore firestore) {
    this.firestore = firestore;
  }

  @Override
  public void save(UpliftTable table) {
    List<String> apps = table.appIds();
    for (int from = 0; from < apps.size(); from += CHUNK) {
      WriteBatch batch = firestore.batch();
      for (String app : apps.subList(from, Math.min(apps.size(), from + CHUNK))) {
        batch.set(
            tables().document(DocumentIds.escape(app)),
            Map.of(
                JSON,
                Json.encodeToString(table.forApp(app)),
                COMPUTED_AT,
                FirestoreCalls.timestamp(table.computedAt())));
      }
      FirestoreCalls.await(batch.commit(), "saving the uplift table of " + apps.size() + " apps");
    }
  }

  @Override
  public UpliftTable load() {
    List<QueryDocumentSnapshot> documents =
        FirestoreCalls.await(tables().get(), "loading the uplift tables").getDocuments();
    return UpliftTable.merge(
        documents.stream()
            .map(
                d ->
                    Json.decode(
                        d.getString(JSON).getBytes(StandardCharsets.UTF_8), UpliftTable.class))
            .toList());
  }

  private CollectionReference tables() {
    return firestore.collection(COLLECTION);
  }
}
