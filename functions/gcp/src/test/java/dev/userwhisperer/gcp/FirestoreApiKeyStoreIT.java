package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.port.ApiKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(GcpEmulators.class)
class FirestoreApiKeyStoreIT {
  private static final String HASH = DocumentIds.hashed("uw_live_secret");
  private static final Instant CREATED = Instant.parse("2026-11-26T10:00:00.123456Z");

  private final Firestore firestore;
  private final FirestoreApiKeyStore store;

  FirestoreApiKeyStoreIT(Firestore firestore) {
    this.firestore = firestore;
    store = new FirestoreApiKeyStore(firestore);
  }

  @Test
  void savedKeyIsFoundByItsHashAndUnknownHashesAreNot() {
    ApiKey key =
        new ApiKey(HASH, "app-1", Set.of(ApiKey.EVENTS_WRITE, ApiKey.PROFILES_READ), CREATED, null);

    store.save(key);

    assertThat(store.findByHash(HASH)).contains(key);
    assertThat(store.findByHash(DocumentIds.hashed("other"))).isEmpty();
  }

  @Test
  void keyCreatedByHandAsTheDeployGuideDoesIsFound() throws Exception {
    firestore
        .document("api_keys/" + HASH)
        .set(
            Map.of(
                "appId",
                "demo-app",
                "scopes",
                List.of("events:write"),
                "createdAt",
                FirestoreCalls.timestamp(CREATED)))
        .get();

    assertThat(store.findByHash(HASH))
        .contains(new ApiKey(HASH, "demo-app", Set.of(ApiKey.EVENTS_WRITE), CREATED, null));
  }

  @Test
  void keyRevokedByAnOperatorInTheConsoleIsRefused() throws Exception {
    store.save(new ApiKey(HASH, "app-1", Set.of(ApiKey.EVENTS_WRITE), CREATED, null));

    firestore
        .collection(FirestoreApiKeyStore.COLLECTION)
        .document(HASH)
        .update(
            Map.of(
                FirestoreApiKeyStore.REVOKED_AT, FirestoreCalls.timestamp(CREATED.plusSeconds(60))))
        .get();

    ApiKey revoked = store.findByHash(HASH).orElseThrow();
    assertThat(revoked.revokedAt()).isEqualTo(CREATED.plusSeconds(60));
    assertThat(revoked.allows(ApiKey.EVENTS_WRITE)).isFalse();
  }

  @Test
  void anIssuedKeyKeepsItsIdKindNameAndExpiryAndIsListedWithItsApp() {
    String write = DocumentIds.hashed("uw_wk_1");
    String secret = DocumentIds.hashed("uw_sk_2");
    ApiKey writeKey =
        new ApiKey(
            write,
            "app-listed",
            Set.of(ApiKey.EVENTS_WRITE),
            CREATED,
            null,
            "0123456789ab",
            ApiKey.WRITE,
            "ios",
            CREATED.plusSeconds(3600));
    ApiKey secretKey =
        new ApiKey(
            secret,
            "app-listed",
            ApiKey.ALL_SCOPES,
            CREATED,
            null,
            "ba9876543210",
            ApiKey.SECRET,
            null,
            null);
    store.save(writeKey);
    store.save(secretKey);
    store.save(new ApiKey(HASH, "app-other", Set.of(ApiKey.EVENTS_WRITE), CREATED, null));

    assertThat(store.findByHash(write)).contains(writeKey);
    assertThat(store.listByApp("app-listed")).containsExactlyInAnyOrder(writeKey, secretKey);
    assertThat(store.listByApp("app-none")).isEmpty();
  }

  @Test
  void aKeyFromBeforeKindsReadsAsLegacyWithTheAccessItHad() {
    store.save(new ApiKey(HASH, "app-1", Set.of(ApiKey.PROFILES_READ), CREATED, null));

    ApiKey legacy = store.findByHash(HASH).orElseThrow();
    assertThat(legacy.kind()).isNull();
    assertThat(legacy.keyId()).isEqualTo(HASH.substring(0, 12));
    assertThat(legacy.holds(ApiKey.OUTBOX_READ)).isTrue();
    assertThat(legacy.holds(ApiKey.EVENTS_WRITE)).isFalse();
  }
}
