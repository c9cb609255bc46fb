package dev.userwhisperer.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.ApiKeyStore;
import dev.userwhisperer.core.port.App;
import dev.userwhisperer.core.port.AppStore;
import dev.userwhisperer.core.port.AuditEntry;
import dev.userwhisperer.core.port.AuditLog;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every adapter of the admin API's stores does (apps, the audit log, keys listed by app); a
 * subclass supplies fresh, empty stores.
 */
public abstract class AppsStoresContract {
  private static final Instant T = Instant.parse("2026-12-07T10:00:00.123456Z");

  /** Fresh stores of one backend. */
  public record Stores(AppStore apps, AuditLog audit, ApiKeyStore keys) {}

  protected abstract Stores stores();

  @Test
  void anAppIsCreatedOnceFoundListedByIdAndArchived() {
    AppStore apps = stores().apps();
    App shop = new App("shop", "Shop", T, null);

    assertThat(apps.create(shop)).isTrue();
    assertThat(apps.create(new App("shop", "Other", T, null))).isFalse();
    assertThat(apps.create(new App("bakery", "Bakery", T, null))).isTrue();
    assertThat(apps.find("shop")).contains(shop);
    assertThat(apps.find("none")).isEmpty();

    apps.save(shop.archive(T.plusSeconds(60)));
    assertThat(apps.find("shop").orElseThrow().archivedAt()).isEqualTo(T.plusSeconds(60));
    assertThat(apps.list()).extracting(App::appId).containsExactly("bakery", "shop");
  }

  @Test
  void theAuditLogListsNewestFirstPerAppAndForAll() {
    AuditLog audit = stores().audit();
    audit.append(new AuditEntry(0, T, "admin-token", "app.create", "a", null, Map.of()));
    audit.append(
        new AuditEntry(
            0,
            T.plusSeconds(1),
            "admin-token:alice",
            "key.create",
            "a",
            "0123456789ab",
            Map.of("kind", "write", "scopes", List.of("events:write"))));
    audit.append(
        new AuditEntry(0, T.plusSeconds(2), "admin-token", "app.create", "b", null, Map.of()));

    List<AuditEntry> a = audit.list("a", 10);
    assertThat(a).extracting(AuditEntry::action).containsExactly("key.create", "app.create");
    assertThat(a.get(0).actor()).isEqualTo("admin-token:alice");
    assertThat(a.get(0).at()).isEqualTo(T.plusSeconds(1));
    assertThat(a.get(0).keyId()).isEqualTo("0123456789ab");
    assertThat(a.get(0).details()).containsEntry("scopes", List.of("events:write"));
    assertThat(a.get(0).seq()).isGreaterThan(a.get(1).seq());
    assertThat(audit.list(null, 2)).extracting(AuditEntry::appId).containsExactly("b", "a");
    assertThat(audit.list("none", 10)).isEmpty();
  }

  @Test
  void keysAreListedByAppWithIdKindNameAndExpiry() {
    ApiKeyStore keys = stores().keys();
    ApiKey write =
        new ApiKey(
            "a".repeat(64),
            "shop",
            Set.of(ApiKey.EVENTS_WRITE),
            T,
            null,
            "0123456789ab",
            ApiKey.WRITE,
            "ios",
            T.plusSeconds(3600));
    ApiKey legacy = new ApiKey("b".repeat(64), "shop", Set.of(ApiKey.PROFILES_READ), T, null);
    keys.save(write);
    keys.save(legacy);
    keys.save(new ApiKey("c".repeat(64), "bakery", Set.of(ApiKey.EVENTS_WRITE), T, null));

    assertThat(keys.listByApp("shop")).containsExactlyInAnyOrder(write, legacy);
    assertThat(keys.findByHash("a".repeat(64))).contains(write);
    assertThat(keys.listByApp("none")).isEmpty();
    keys.save(write.revoked(T.plusSeconds(5)));
    assertThat(keys.findByHash("a".repeat(64)).orElseThrow().revokedAt())
        .isEqualTo(T.plusSeconds(5));
  }
}
