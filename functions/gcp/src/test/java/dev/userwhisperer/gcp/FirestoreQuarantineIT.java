package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.port.QuarantinedEvent;
import dev.userwhisperer.core.port.Violation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(GcpEmulators.class)
class FirestoreQuarantineIT {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private final Firestore firestore;
  private final FirestoreQuarantine quarantine;

  FirestoreQuarantineIT(Firestore firestore) {
    this.firestore = firestore;
    quarantine = new FirestoreQuarantine(firestore);
  }

  @Test
  void quarantinedEventsAreListedPerAppNewestFirstWithPayloadAndViolationsIntact() {
    QuarantinedEvent older = quarantined("q-1", "app-1", T0);
    QuarantinedEvent newer = quarantined("q-2", "app-1", T0.plusSeconds(1));
    QuarantinedEvent otherApp = quarantined("q-3", "app-2", T0.plusSeconds(2));

    quarantine.put(List.of(older, newer, otherApp));

    assertThat(quarantine.list("app-1", 10)).containsExactly(newer, older);
    assertThat(quarantine.list("app-1", 1)).containsExactly(newer);
  }

  @Test
  void puttingTheSameQuarantineIdAgainKeepsOneRecord() {
    QuarantinedEvent event = quarantined("q-1", "app-1", T0);

    quarantine.put(List.of(event));
    quarantine.put(List.of(event));

    assertThat(quarantine.list("app-1", 10)).containsExactly(event);
  }

  private static QuarantinedEvent quarantined(String id, String appId, Instant at) {
    return new QuarantinedEvent(
        id,
        appId,
        "m-" + id,
        at,
        "{\"type\": 42, \"note\": \"ünïcode ✓\"}",
        List.of(
            new Violation("invalid_type", "/events/0/type", "type must be a string"),
            new Violation("missing_field", "/events/0/timestamp", "timestamp is required")));
  }
}
