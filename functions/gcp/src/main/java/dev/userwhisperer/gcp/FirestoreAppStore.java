package dev.userwhisperer.gcp;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.port.App;
import dev.userwhisperer.core.port.AppStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link AppStore} on Firestore: the document {@code apps/{appId}} itself, whose subcollections
 * already hold the app's profiles, decisions and quarantine.
 */
final class FirestoreAppStore implements AppStore {
  static final String COLLECTION = "apps";
  static final String NAME = "name";
  static final String CREATED_AT = "createdAt";
  static final String ARCHIVED_AT = "archivedAt";

  private final Firestore firestore;

  FirestoreAppStore(Firestore firestore) {
    this.firestore = firestore;
  }

  @Override
  public Optional<App> find(String appId) {
    DocumentSnapshot snapshot =
        FirestoreCalls.await(
            firestore.collection(COLLECTION).document(DocumentIds.escape(appId)).get(),
            "reading app " + appId);
    return snapshot.exists() ? Optional.of(app(appId, snapshot)) : Optional.empty();
  }

  @Override
  public boolean create(App app) {
    return FirestoreCalls.create(
        firestore
            .collection(COLLECTION)
            .document(DocumentIds.escape(app.appId()))
            .create(fields(app)),
        "creating app " + app.appId());
  }

  @Override
  public void save(App app) {
    FirestoreCalls.await(
        firestore.collection(COLLECTION).document(DocumentIds.escape(app.appId())).set(fields(app)),
        "saving app " + app.appId());
  }

  @Override
  public List<App> list() {
    return FirestoreCalls.await(
            firestore.collection(COLLECTION).orderBy(FieldPath.documentId()).get(),
            "listing the apps")
        .getDocuments()
        .stream()
        .map(d -> app(d.getString("appId"), d))
        .toList();
  }

  private static Map<String, Object> fields(App app) {
    Map<String, Object> fields = new HashMap<>();
    fields.put("appId", app.appId());
    fields.put(NAME, app.name());
    fields.put(CREATED_AT, FirestoreCalls.timestamp(app.createdAt()));
    fields.put(ARCHIVED_AT, FirestoreCalls.timestamp(app.archivedAt()));
    return fields;
  }

  private static App app(String appId, DocumentSnapshot d) {
    return new App(
        appId,
        d.getString(NAME),
        FirestoreCalls.instant(d.getTimestamp(CREATED_AT)),
        FirestoreCalls.instant(d.getTimestamp(ARCHIVED_AT)));
  }
}
