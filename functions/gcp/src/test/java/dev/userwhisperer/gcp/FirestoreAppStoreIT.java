package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.port.App;
import dev.userwhisperer.core.port.AuditEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The apps and the audit log of the admin API on the Firestore emulator. */
@ExtendWith(GcpEmulators.class)
class FirestoreAppStoreIT {
  private static final Instant T = Instant.parse("2026-12-07T10:00:00.123456Z");

  private final FirestoreAppStore apps;
  private final FirestoreAuditLog audit;

  FirestoreAppStoreIT(Firestore firestore) {
    apps = new FirestoreAppStore(firestore);
    audit = new FirestoreAuditLog(firestore);
  }

  @Test
  void anAppIsCreatedOnceFoundListedAndArchived() {
    App shop = new App("fs-shop", "Shop", T, null);

    assertThat(apps.create(shop)).isTrue();
    assertThat(apps.create(new App("fs-shop", "Other", T, null))).isFalse();
    assertThat(apps.find("fs-shop")).contains(shop);
    assertThat(apps.find("fs-none")).isEmpty();

    apps.save(shop.archive(T.plusSeconds(60)));
    assertThat(apps.find("fs-shop").orElseThrow().archivedAt()).isEqualTo(T.plusSeconds(60));
    assertThat(apps.list()).extracting(App::appId).contains("fs-shop");
  }

  @Test
  void theAuditLogListsNewestFirstPerAppAndForAll() {
    audit.append(new AuditEntry(0, T, "admin-token", "app.create", "fs-a", null, Map.of()));
    audit.append(
        new AuditEntry(
            0,
            T.plusSeconds(1),
            "admin-token:alice",
            "key.create",
            "fs-a",
            "0123456789ab",
            Map.of("kind", "write", "scopes", List.of("events:write"))));
    audit.append(
        new AuditEntry(0, T.plusSeconds(2), "admin-token", "app.create", "fs-b", null, Map.of()));

    List<AuditEntry> a = audit.list("fs-a", 10);
    assertThat(a).extracting(AuditEntry::action).containsExactly("key.create", "app.create");
    assertThat(a.get(0).actor()).isEqualTo("admin-token:alice");
    assertThat(a.get(0).details()).containsEntry("scopes", List.of("events:write"));
    assertThat(a.get(0).seq()).isGreaterThan(a.get(1).seq());
    assertThat(audit.list(null, 2)).extracting(AuditEntry::appId).containsExactly("fs-b", "fs-a");
  }
}
