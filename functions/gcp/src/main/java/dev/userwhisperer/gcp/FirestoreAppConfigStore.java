package dev.userwhisperer.gcp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import dev.userwhisperer.core.appconfig.AppConfig;
import dev.userwhisperer.core.appconfig.AppConfigRevision;
import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link AppConfigStore} on Firestore: {@code app_configs/{appId}} holds the newest version (so
 * that compose reads one document per app), {@code app_configs/{appId}/app_config_versions/{n}}
 * every version. A save numbers the version in a transaction on the head document, which the client
 * retries on contention. The configuration is kept as its JSON text ({@value #JSON}).
 */
final class FirestoreAppConfigStore implements AppConfigStore {
  static final String COLLECTION = "app_configs";
  static final String VERSIONS = "app_config_versions";
  static final String VERSION = "version";
  static final String JSON = "json";
  static final String SAVED_AT = "savedAt";

  private final Firestore firestore;

  FirestoreAppConfigStore(Firestore firestore) {
    this.firestore = firestore;
  }

  @Override
  public Optional<AppConfigRevision> latest(String appId) {
    return revision(
        appId, FirestoreCalls.await(head(appId).get(), "reading the config of " + appId));
  }

  @Override
  public Optional<AppConfigRevision> find(String appId, long version) {
    return revision(
        appId,
        FirestoreCalls.await(
            versions(appId).document(Long.toString(version)).get(),
            "reading config version " + version + " of " + appId));
  }

  @Override
  public List<AppConfigRevision> history(String appId, int limit) {
    return FirestoreCalls.await(
            head(appId)
                .collection(VERSIONS)
                .orderBy(VERSION, Query.Direction.DESCENDING)
                .limit(limit)
                .get(),
            "listing the config versions of " + appId)
        .getDocuments()
        .stream()
        .map(d -> revision(appId, d).orElseThrow())
        .toList();
  }

  @Override
  public AppConfigRevision save(String appId, AppConfig config, Instant savedAt) {
    String json = Json.encodeToString(config);
    long version =
        FirestoreCalls.await(
            firestore.runTransaction(
                transaction -> {
                  DocumentSnapshot current = transaction.get(head(appId)).get();
                  Long latest = current.exists() ? current.getLong(VERSION) : null;
                  long next = latest == null ? 1 : latest + 1;
                  Map<String, Object> fields =
                      Map.of(
                          VERSION, next, JSON, json, SAVED_AT, FirestoreCalls.timestamp(savedAt));
                  transaction.create(versions(appId).document(Long.toString(next)), fields);
                  transaction.set(head(appId), fields);
                  return next;
                }),
            "saving the config of " + appId);
    return new AppConfigRevision(appId, version, config, savedAt);
  }

  private static Optional<AppConfigRevision> revision(String appId, DocumentSnapshot snapshot) {
    if (!snapshot.exists()) {
      return Optional.empty();
    }
    return Optional.of(
        new AppConfigRevision(
            appId,
            snapshot.getLong(VERSION),
            Json.decode(snapshot.getString(JSON).getBytes(StandardCharsets.UTF_8), AppConfig.class),
            FirestoreCalls.instant(snapshot.getTimestamp(SAVED_AT))));
  }

  private DocumentReference head(String appId) {
    return firestore.collection(COLLECTION).document(DocumentIds.escape(appId));
  }

  private com.google.cloud.firestore.CollectionReference versions(String appId) {
    return head(appId).collection(VERSIONS);
  }
}
