package dev.userwhisperer.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.ingest.ApiError;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator.Authenticated;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator.Refused;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.App;
import dev.userwhisperer.core.port.AuditEntry;
import dev.userwhisperer.core.testing.InMemoryApiKeyStore;
import dev.userwhisperer.core.testing.InMemoryAppStore;
import dev.userwhisperer.core.testing.InMemoryAuditLog;
import dev.userwhisperer.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AppsAdminTest {
  private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");
  private final MutableClock clock = new MutableClock(T);
  private final InMemoryApiKeyStore keys = new InMemoryApiKeyStore();
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private final AppsAdmin admin =
      new AppsAdmin(new InMemoryAppStore(), keys, audit, clock, new Random(7));
  private final ApiKeyAuthenticator auth = new ApiKeyAuthenticator(keys, clock);

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private String createApp(String appId) {
    assertThat(admin.createApp("admin-token", json("{\"appId\":\"" + appId + "\"}")).status())
        .isEqualTo(201);
    return appId;
  }

  private KeyView.Issued createKey(String appId, String body) {
    AdminAnswer answer = admin.createKey("admin-token", appId, json(body));
    assertThat(answer.status()).isEqualTo(201);
    return (KeyView.Issued) answer.body();
  }

  private static ApiError error(AdminAnswer answer) {
    return ((ApiError.Body) answer.body()).error();
  }

  @Test
  void aWriteKeyOnlySendsEventsAndASecretKeyHoldsEveryScope() {
    createApp("shop");
    KeyView.Issued write = createKey("shop", "{\"kind\":\"write\",\"name\":\"ios\"}");
    KeyView.Issued secret = createKey("shop", "{\"kind\":\"secret\"}");

    assertThat(write.key()).startsWith("uw_wk_" + write.apiKey().keyId() + "_");
    assertThat(secret.key()).startsWith("uw_sk_");
    for (String scope : ApiKey.ALL_SCOPES) {
      assertThat(auth.authenticate("Bearer " + write.key(), scope) instanceof Authenticated)
          .as(scope)
          .isEqualTo(scope.equals(ApiKey.EVENTS_WRITE));
      assertThat(auth.authenticate("Bearer " + secret.key(), scope))
          .isEqualTo(new Authenticated("shop"));
    }
    assertThat(write.apiKey().scopes()).containsExactly(ApiKey.EVENTS_WRITE);
  }

  @Test
  void keysAreStoredOnlyAsHashesAndListedWithoutThem() {
    createApp("shop");
    KeyView.Issued issued = createKey("shop", "{\"kind\":\"write\"}");

    String stored = Json.encodeToString(keys.listByApp("shop"));
    assertThat(stored).doesNotContain(issued.key().substring(6));
    String listed = Json.encodeToString(admin.listKeys("shop").body());
    assertThat(listed).doesNotContain(issued.key()).contains(issued.apiKey().keyId());
    assertThat(issued.toString()).doesNotContain(issued.key());
  }

  @Test
  void aRestrictedKeyHoldsExactlyItsScopesAndAnUnknownScopeIsNamed() {
    createApp("shop");
    KeyView.Issued reader =
        createKey("shop", "{\"kind\":\"restricted\",\"scopes\":[\"profiles:read\"]}");
    assertThat(auth.authenticate("Bearer " + reader.key(), ApiKey.PROFILES_READ))
        .isInstanceOf(Authenticated.class);
    assertThat(auth.authenticate("Bearer " + reader.key(), ApiKey.EVENTS_WRITE))
        .isInstanceOf(Refused.class);

    AdminAnswer bad =
        admin.createKey(
            "admin-token",
            "shop",
            json("{\"kind\":\"restricted\",\"scopes\":[\"profiles:read\",\"root\"]}"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(error(bad))
        .isEqualTo(error(bad))
        .extracting(ApiError::code, ApiError::field)
        .containsExactly("unknown_scope", "/scopes/1");
  }

  @Test
  void aRotatedKeyWorksUntilTheEndOfItsOverlapThenIsExpired() {
    createApp("shop");
    KeyView.Issued old = createKey("shop", "{\"kind\":\"write\"}");

    AdminAnswer rotated =
        admin.rotateKey(
            "admin-token", "shop", old.apiKey().keyId(), json("{\"overlap\":\"PT2H\"}"));
    assertThat(rotated.status()).isEqualTo(201);
    KeyView.Issued successor = (KeyView.Issued) rotated.body();
    assertThat(successor.apiKey().kind()).isEqualTo("write");

    clock.advance(Duration.ofMinutes(119));
    assertThat(auth.authenticate("Bearer " + old.key(), ApiKey.EVENTS_WRITE))
        .isInstanceOf(Authenticated.class);
    clock.advance(Duration.ofMinutes(1));
    var refused = (Refused) auth.authenticate("Bearer " + old.key(), ApiKey.EVENTS_WRITE);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.error().code()).isEqualTo("api_key_expired");
    assertThat(auth.authenticate("Bearer " + successor.key(), ApiKey.EVENTS_WRITE))
        .isInstanceOf(Authenticated.class);

    AdminAnswer again = admin.rotateKey("admin-token", "shop", old.apiKey().keyId(), new byte[0]);
    assertThat(again.status()).isEqualTo(409);
    assertThat(error(again).code()).isEqualTo("api_key_unusable");
  }

  @Test
  void anOverlapOutsideZeroToThirtyDaysIsRefusedWithItsField() {
    createApp("shop");
    KeyView.Issued old = createKey("shop", "{\"kind\":\"write\"}");
    for (String overlap : List.of("P31D", "-PT1H", "tomorrow")) {
      AdminAnswer answer =
          admin.rotateKey(
              "admin-token",
              "shop",
              old.apiKey().keyId(),
              json("{\"overlap\":\"" + overlap + "\"}"));
      assertThat(answer.status()).isEqualTo(400);
      assertThat(error(answer).field()).isEqualTo("/overlap");
    }
  }

  @Test
  void aRevokedKeyIsRefusedAtOnceAndRevokingTwiceIsRecordedOnce() {
    createApp("shop");
    KeyView.Issued key = createKey("shop", "{\"kind\":\"secret\"}");

    assertThat(admin.revokeKey("ops", "shop", key.apiKey().keyId()).status()).isEqualTo(200);
    assertThat(admin.revokeKey("ops", "shop", key.apiKey().keyId()).status()).isEqualTo(200);

    var refused = (Refused) auth.authenticate("Bearer " + key.key(), ApiKey.PROFILES_READ);
    assertThat(refused.error().code()).isEqualTo("api_key_revoked");
    assertThat(audit.list("shop", 10))
        .extracting(AuditEntry::action)
        .containsExactly("key.revoke", "key.create", "app.create");
  }

  @Test
  void archivingAnAppRevokesItsKeysAndRefusesNewOnes() {
    createApp("shop");
    KeyView.Issued key = createKey("shop", "{\"kind\":\"write\"}");

    AdminAnswer archived = admin.archiveApp("ops", "shop");
    assertThat(((App) archived.body()).archivedAt()).isEqualTo(T);
    assertThat(auth.authenticate("Bearer " + key.key(), ApiKey.EVENTS_WRITE))
        .isInstanceOf(Refused.class);
    AdminAnswer refused = admin.createKey("ops", "shop", json("{\"kind\":\"write\"}"));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(error(refused).code()).isEqualTo("app_archived");
    assertThat(audit.list(null, 1).get(0).details()).isEqualTo(Map.of("keysRevoked", 1));
  }

  @Test
  void theAuditLogSaysWhoDidWhatWhenAndNeverHoldsAKey() {
    createApp("shop");
    KeyView.Issued key = createKey("shop", "{\"kind\":\"write\"}");
    clock.advance(Duration.ofMinutes(5));
    admin.rotateKey("alice", "shop", key.apiKey().keyId(), new byte[0]);

    AuditEntry rotation = audit.list("shop", 1).get(0);
    assertThat(rotation.actor()).isEqualTo("alice");
    assertThat(rotation.action()).isEqualTo("key.rotate");
    assertThat(rotation.at()).isEqualTo(T.plus(Duration.ofMinutes(5)));
    assertThat(rotation.keyId()).isEqualTo(key.apiKey().keyId());
    assertThat(rotation.details()).containsEntry("overlap", "PT24H");
    assertThat(Json.encodeToString(admin.audit(null, 50).body())).doesNotContain(key.key());
  }

  @Test
  void badRequestsAreAnsweredWithTheirCodeAndField() {
    assertThat(error(admin.createApp("a", json("{\"appId\":\"Shop!\"}"))))
        .extracting(ApiError::code, ApiError::field)
        .containsExactly("invalid_field", "/appId");
    createApp("shop");
    AdminAnswer taken = admin.createApp("a", json("{\"appId\":\"shop\"}"));
    assertThat(taken.status()).isEqualTo(409);
    assertThat(error(taken).code()).isEqualTo("app_exists");
    assertThat(error(admin.createApp("a", json("{\"appId\":\"x\",\"owner\":1}"))))
        .extracting(ApiError::code, ApiError::field)
        .containsExactly("unknown_field", "/owner");
    assertThat(error(admin.createApp("a", json("{"))).code()).isEqualTo("malformed_json");
    assertThat(error(admin.createKey("a", "shop", json("{\"kind\":\"root\"}"))).field())
        .isEqualTo("/kind");
    assertThat(error(admin.createKey("a", "shop", json("{\"kind\":\"write\",\"scopes\":[]}"))))
        .extracting(ApiError::field)
        .isEqualTo("/scopes");
    assertThat(admin.createKey("a", "nope", json("{\"kind\":\"write\"}")).status()).isEqualTo(404);
    assertThat(error(admin.revokeKey("a", "shop", "000000000000")).code())
        .isEqualTo("unknown_api_key");
    assertThat(admin.audit(null, 0).status()).isEqualTo(400);
  }

  @Test
  void aKeyFromBeforeKindsKeepsItsAccessAndIsListedAsLegacy() {
    createApp("demo");
    keys.save(
        new ApiKey(
            "ab".repeat(32), "demo", Set.of(ApiKey.EVENTS_WRITE, ApiKey.PROFILES_READ), T, null));

    @SuppressWarnings("unchecked")
    List<KeyView> listed = ((Map<String, List<KeyView>>) admin.listKeys("demo").body()).get("keys");
    assertThat(listed)
        .singleElement()
        .satisfies(
            k -> {
              assertThat(k.kind()).isEqualTo("legacy");
              assertThat(k.keyId()).isEqualTo("abababababab");
              assertThat(k.scopes())
                  .containsExactly(
                      "events:write", "outbox:read", "profiles:read", "quarantine:read");
            });
  }
}
