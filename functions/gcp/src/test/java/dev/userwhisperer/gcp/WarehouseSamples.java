package dev.userwhisperer.gcp;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.Provenance;
import dev.userwhisperer.core.port.QuarantinedEvent;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.Violation;
import dev.userwhisperer.core.profile.Activity;
import dev.userwhisperer.core.profile.Billing;
import dev.userwhisperer.core.profile.Billing.BillingStatus;
import dev.userwhisperer.core.profile.ChurnScore;
import dev.userwhisperer.core.profile.LifecycleStage;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Reachability;
import dev.userwhisperer.core.testing.Decisions;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One fully populated warehouse row per table, made by {@link WarehouseRows} from domain records.
 */
final class WarehouseSamples {
  static final Instant T0 = Instant.parse("2026-11-26T10:00:00.123456789Z");

  private WarehouseSamples() {}

  static Map<String, Object> row(Table table) {
    return switch (table) {
      case EVENTS -> WarehouseRows.event("app-1", "user-1", event());
      case QUARANTINED_EVENTS ->
          WarehouseRows.quarantined(
              new QuarantinedEvent(
                  "q-1",
                  "app-1",
                  "m-9",
                  T0,
                  "{\"type\": 1}",
                  List.of(new Violation("invalid_type", "/type", "type must be a string"))));
      case PROFILE_SNAPSHOTS -> WarehouseRows.profileSnapshot(profile(), T0.plusSeconds(3600));
      case DECISIONS -> WarehouseRows.decision(decision("d-1"));
      case DECISION_FEATURES ->
          WarehouseRows.decisionFeatures(
              decision("d-1"),
              true,
              0.855,
              Map.of("sessions_28d", 3.0, "own_message_lift", Double.NaN));
      case MESSAGES ->
          WarehouseRows.message(
              new OutboundMessage(
                  OutboundMessage.VERSION,
                  "msg-1",
                  "d-1",
                  "app-1",
                  "user-1",
                  Channel.EMAIL,
                  "ada@example.com",
                  "fr",
                  "winback",
                  "b",
                  "On vous attend",
                  "Bonjour Ada",
                  T0,
                  null,
                  null,
                  null,
                  Provenance.template(0)));
      case DELIVERIES ->
          WarehouseRows.delivery(
              new Delivery("msg-1", "app-1", "user-1", Channel.EMAIL, "delivered", "sg-123", T0));
      case ERASED_USERS -> WarehouseRows.erasedUser("app-1", "user-1", "er_1", T0);
    };
  }

  static Event event() {
    return new Event(
        "m-1",
        "feature_used",
        "user-1",
        "anon-1",
        T0,
        T0.plusMillis(250),
        Map.of("feature", "export", "count", 3),
        Map.of("plan", "pro"),
        Map.of("locale", "fr-FR", "timezone", "Europe/Paris"));
  }

  static Decision decision(String id) {
    return Decisions.decision(id)
        .app("app-1")
        .user("user-1")
        .signal("sig-1", "INACTIVE")
        .intervention("winback")
        .at(T0)
        .propensity(0.3)
        .build();
  }

  static Profile profile() {
    return new Profile(
        "app-1",
        "user-1",
        Map.of("email", "ada@example.com"),
        new Reachability("ada@example.com", null, null, Map.of(Channel.EMAIL, true), Set.of()),
        new Activity(T0, T0, T0, 12, 3, Map.of("feature_used", 12L)),
        new Billing(BillingStatus.TRIALING, "pro", T0, T0.plusSeconds(86_400), 0),
        LifecycleStage.ACTIVATED,
        null,
        null,
        new ChurnScore(0.82, "projects/p/locations/l/models/9@3", T0, T0),
        null,
        List.of("m-1"),
        T0);
  }
}
