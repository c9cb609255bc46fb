package dev.userwhisperer.gcp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.ApiKeyStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ApiKeyStore} on Firestore: {@code api_keys/{sha256}} (as {@code docs/deploy.md} creates
 * them). Plain fields, not JSON: an operator revokes a key by setting {@value #REVOKED_AT} in the
 * console or with a script. Times are kept to the microsecond.
 */
final class FirestoreApiKeyStore implements ApiKeyStore {
  static final String COLLECTION = "api_keys";
  static final String APP_ID = "appId";
  static final String SCOPES = "scopes";
  static final String CREATED_AT = "createdAt";
  static final String REVOKED_AT = "revokedAt";

  private final Firestore firestore;

  FirestoreApiKeyStore(Firestore firestore) {
    this.firestore = firestore;
  }

  @Override
  public Optional<ApiKey> findByHash(String sha256Hex) {
    DocumentSnapshot snapshot =
        FirestoreCalls.await(document(sha256Hex).get(), "reading an API key");
    if (!snapshot.exists()) {
      return Optional.empty();
    }
    @SuppressWarnings("unchecked")
    List<String> scopes = (List<String>) snapshot.get(SCOPES);
    return Optional.of(
        new ApiKey(
            sha256Hex,
            snapshot.getString(APP_ID),
            scopes == null ? null : new HashSet<>(scopes),
            FirestoreCalls.instant(snapshot.getTimestamp(CREATED_AT)),
            FirestoreCalls.instant(snapshot.getTimestamp(REVOKED_AT))));
  }

  @Override
  public void save(ApiKey key) {
    Map<String, Object> fields = new HashMap<>();
    fields.put(APP_ID, key.appId());
    fields.put(SCOPES, key.scopes().stream().sorted().toList());
    fields.put(CREATED_AT, FirestoreCalls.timestamp(key.createdAt()));
    fields.put(REVOKED_AT, FirestoreCalls.timestamp(key.revokedAt()));
    FirestoreCalls.await(document(key.hash()).set(fields), "saving an API key of " + key.appId());
  }

  private DocumentReference document(String sha256Hex) {
    return firestore.collection(COLLECTION).document(DocumentIds.escape(sha256Hex));
  }
}
