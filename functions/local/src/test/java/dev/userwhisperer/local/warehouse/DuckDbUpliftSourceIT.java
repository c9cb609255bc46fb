package dev.userwhisperer.local.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.port.ArmOutcomes;
import dev.userwhisperer.core.port.EffectMoments;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.UpliftCell;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Responsiveness;
import dev.userwhisperer.core.profile.Responsiveness.MessageEffect;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped uplift_outcomes view on the local warehouse, summed per cell up to a day. */
class DuckDbUpliftSourceIT {
  private static final Instant MARCH_1 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;
  private DuckDbWarehouse warehouse;
  private DuckDbUpliftSource source;

  @BeforeEach
  void open() {
    warehouse = new DuckDbWarehouse(dir.resolve("warehouse.duckdb"));
    DashboardViews.createAll(warehouse);
    source = new DuckDbUpliftSource(warehouse);
  }

  @AfterEach
  void close() {
    warehouse.close();
  }

  @Test
  void cellsSumTheDaysUpToTheLastDecisionDate() {
    snapshot("u1", "DORMANT", MARCH_1.minus(Duration.ofDays(1)));
    decision("d1", "u1", "SEND", "eligible", MARCH_1);
    event("u1", "e1", EventTypes.SESSION_STARTED, MARCH_1.plus(Duration.ofDays(9)));
    snapshot("u2", "DORMANT", MARCH_1.minus(Duration.ofDays(1)));
    decision("d2", "u2", "HELD_OUT", "holdout", MARCH_1.plus(Duration.ofDays(1)));
    decision("d3", "u2", "SEND", "eligible", MARCH_1.plus(Duration.ofDays(2)));

    assertThat(source.outcomes(LocalDate.parse("2026-03-02")))
        .containsExactly(
            new UpliftCell(
                "a1", "winback", "DORMANT", new ArmOutcomes(1, 1, 0), new ArmOutcomes(1, 0, 0)));
    assertThat(source.outcomes(LocalDate.parse("2026-02-28"))).isEmpty();
    assertThat(source.outcomes(LocalDate.parse("2026-03-03")).get(0).treated())
        .isEqualTo(new ArmOutcomes(2, 1, 0));
  }

  @Test
  void messageEffectsSumEachUsersLatestReadingsSinceTheDayGiven() {
    MessageEffect u1 = new MessageEffect(3, -0.9, 0.45);
    MessageEffect u2 = new MessageEffect(1, 0.4, 0.16);
    effects("u1", new MessageEffect(2, -0.4, 0.1), MARCH_1.minus(Duration.ofDays(2)));
    effects("u1", u1, MARCH_1);
    effects("u2", u2, MARCH_1.minus(Duration.ofDays(1)));
    effects("u3", new MessageEffect(2, 0.5), MARCH_1);
    effects("u4", MessageEffect.NONE, MARCH_1);
    effects("u5", new MessageEffect(4, 2.0, 1.5), MARCH_1.minus(Duration.ofDays(40)));

    List<EffectMoments> moments = source.messageEffects(MARCH_1.minus(Duration.ofDays(28)));

    assertThat(moments).hasSize(1);
    EffectMoments expected = EffectMoments.none("a1").plus(u1).plus(u2);
    EffectMoments got = moments.get(0);
    assertThat(got.appId()).isEqualTo("a1");
    assertThat(got.users()).isEqualTo(expected.users());
    assertThat(got.observations()).isEqualTo(expected.observations());
    assertThat(got.squaredCounts()).isEqualTo(expected.squaredCounts());
    assertThat(got.withinDegrees()).isEqualTo(expected.withinDegrees());
    assertThat(
            new double[] {
              got.sum(), got.squares(), got.squaredSums(), got.countTimesSums(), got.withinSquares()
            })
        .containsExactly(
            new double[] {
              expected.sum(),
              expected.squares(),
              expected.squaredSums(),
              expected.countTimesSums(),
              expected.withinSquares()
            },
            within(1e-12));
  }

  @Test
  void theViewCountsExactlyCoresActivityTypesAsRetention() throws Exception {
    assertThat(
            ViewSql.literals(
                ViewSql.of(DuckDbUpliftSource.VIEW),
                "AND e\\.type IN \\(([^)]*)\\) THEN 1 ELSE 0 END\\) AS retained"))
        .isEqualTo(new TreeSet<>(EventTypes.ACTIVITY));
  }

  private void decision(String id, String user, String outcome, String reason, Instant at) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("app_id", "a1");
    row.put("decision_id", id);
    row.put("user_id", user);
    row.put("signal_type", "INACTIVE");
    row.put("outcome", outcome);
    row.put("reason", reason);
    row.put("intervention", "winback");
    row.put("decided_at", at);
    row.put("propensity", 1.0);
    warehouse.append(Table.DECISIONS, List.of(row));
  }

  private void event(String user, String messageId, String type, Instant at) {
    warehouse.append(
        Table.EVENTS,
        List.of(
            Map.of(
                "app_id", "a1",
                "message_id", messageId,
                "user_id", user,
                "type", type,
                "event_time", at,
                "received_at", at)));
  }

  private void effects(String user, MessageEffect effect, Instant at) {
    Profile p =
        Profile.empty("a1", user)
            .withResponsiveness(new Responsiveness(Map.of(), List.of(), 0, effect));
    warehouse.append(Table.PROFILE_SNAPSHOTS, List.of(WarehouseRows.profileSnapshot(p, at)));
  }

  private void snapshot(String user, String lifecycle, Instant at) {
    warehouse.append(
        Table.PROFILE_SNAPSHOTS,
        List.of(
            Map.of(
                "app_id",
                "a1",
                "user_id",
                user,
                "snapshot_at",
                at,
                "lifecycle",
                lifecycle,
                "billing_status",
                "none",
                "event_count",
                1L,
                "session_count",
                1L,
                "profile",
                "{}")));
  }
}
