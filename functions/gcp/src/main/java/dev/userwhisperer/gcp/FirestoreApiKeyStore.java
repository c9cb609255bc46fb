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
 * console or with a script. Times are kept to the microsecond. A document from before key ids,
 * kinds and expiry reads as a legacy key ({@link ApiKey}); the admin API writes the new fields.
 */
final class FirestoreApiKeyStore implements ApiKeyStore {
  static final String COLLECTION = "api_keys";
  static final String APP_ID = "appId";
  static final String SCOPES = "scopes";
  static final String CREATED_AT = "createdAt";
  static final String REVOKED_AT = "revokedAt";
  static final String KEY_ID = "keyId";
  static final String KIND = "kind";
  static final String NAME = "name";
  static final String EXPIRES_AT = "expiresAt";

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
    return Optional.of(key(sha256Hex, snapshot));
  }

  @Override
  public List<ApiKey> listByApp(String appId) {
    return FirestoreCalls.await(
            firestore.collection(COLLECTION).whereEqualTo(APP_ID, appId).get(),
            "listing the API keys of " + appId)
        .getDocuments()
        .stream()
        .map(d -> key(d.getId(), d)) // a hex hash is its own document id
        .toList();
  }

  /** A document written before key ids, kinds and expiry existed reads as a legacy key. */
  private static ApiKey key(String sha256Hex, DocumentSnapshot snapshot) {
    @SuppressWarnings("unchecked")
    List<String> scopes = (List<String>) snapshot.get(SCOPES);
    return new ApiKey(
        sha256Hex,
        snapshot.getString(APP_ID),
        scopes == null ? null : new HashSet<>(scopes),
        FirestoreCalls.instant(snapshot.getTimestamp(CREATED_AT)),
        FirestoreCalls.instant(snapshot.getTimestamp(REVOKED_AT)),
        snapshot.getString(KEY_ID),
        snapshot.getString(KIND),
        snapshot.getString(NAME),
        FirestoreCalls.instant(snapshot.getTimestamp(EXPIRES_AT)));
  }

  @Override
  public void save(ApiKey key) {
    Map<String, Object> fields = new HashMap<>();
    fields.put(APP_ID, key.appId());
    fields.put(SCOPES, key.scopes().stream().sorted().toList());
    fields.put(CREATED_AT, FirestoreCalls.timestamp(key.createdAt()));
    fields.put(REVOKED_AT, FirestoreCalls.timestamp(key.revokedAt()));
    fields.put(KEY_ID, key.keyId());
    fields.put(KIND, key.kind());
    fields.put(NAME, key.name());
    fields.put(EXPIRES_AT, FirestoreCalls.timestamp(key.expiresAt()));
    FirestoreCalls.await(document(key.hash()).set(fields), "saving an API key of " + key.appId());
  }

  private DocumentReference document(String sha256Hex) {
    return firestore.collection(COLLECTION).document(DocumentIds.escape(sha256Hex));
  }
}
