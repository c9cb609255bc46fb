package dev.userwhisperer.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each dashboard view, created on DuckDB from its file, over fixture rows. */
class DashboardViewsTest {
  private DuckDbViews warehouse;

  @BeforeEach
  void createWarehouse() throws Exception {
    warehouse = new DuckDbViews().withViews();
  }

  @AfterEach
  void close() throws Exception {
    warehouse.close();
  }

  @Test
  void everyViewFileIsAViewThatDuckDbRuns() throws Exception {
    for (Path file : DuckDbViews.viewFiles()) {
      assertThat(warehouse.rows("SELECT * FROM " + DuckDbViews.viewName(file))).isEmpty();
    }
  }

  @Test
  void dailyEventsByTypeCountsEachEventOnceAndDistinctUsers() throws Exception {
    event("a1", "u1", "m1", "login", "2026-01-01 08:00:00");
    event("a1", "u1", "m1", "login", "2026-01-01 08:00:00");
    event("a1", "u1", "m2", "login", "2026-01-01 20:00:00");
    event("a1", "u2", "m3", "login", "2026-01-01 23:59:59");
    event("a1", "u1", "m4", "purchase", "2026-01-01 09:00:00");
    event("a1", "u2", "m5", "login", "2026-01-02 00:00:00");
    event("a2", "u9", "m1", "login", "2026-01-01 10:00:00");

    assertThat(warehouse.rows("SELECT * FROM daily_events_by_type ORDER BY 1, 2, 3"))
        .containsExactly(
            "a1|2026-01-01|login|3|2",
            "a1|2026-01-01|purchase|1|1",
            "a1|2026-01-02|login|1|1",
            "a2|2026-01-01|login|1|1");
  }

  @Test
  void activeUsersCountsTheDayAndTheSevenDaysEndingOnIt() throws Exception {
    event("a1", "u1", "m1", "login", "2026-01-01 08:00:00");
    event("a1", "u1", "m2", "login", "2026-01-01 09:00:00");
    event("a1", "u2", "m3", "login", "2026-01-01 10:00:00");
    event("a1", "u2", "m4", "login", "2026-01-05 10:00:00");
    event("a1", "u4", "m5", "login", "2026-01-07 10:00:00");
    event("a1", "u3", "m6", "login", "2026-01-09 10:00:00");
    event("a2", "u9", "m7", "login", "2026-01-07 10:00:00");

    assertThat(warehouse.rows("SELECT * FROM active_users_daily ORDER BY 1, 2"))
        .containsExactly(
            "a1|2026-01-01|2|2",
            "a1|2026-01-05|1|2",
            "a1|2026-01-07|1|3",
            "a1|2026-01-09|1|3",
            "a2|2026-01-07|1|1");
  }

  @Test
  void decisionsByOutcomeGroupsByDayOutcomeAndReason() throws Exception {
    decision("a1", "d1", "u1", "SEND", "best_arm", "2026-01-01 08:00:00");
    decision("a1", "d2", "u2", "SEND", "best_arm", "2026-01-01 09:00:00");
    decision("a1", "d3", "u3", "HELD_OUT", "global_holdout", "2026-01-01 10:00:00");
    decision("a1", "d4", "u1", "NOT_ELIGIBLE", "quiet_hours", "2026-01-02 01:00:00");
    decision("a1", "d5", "u1", "NOT_ELIGIBLE", "quiet_hours", "2026-01-02 02:00:00");

    assertThat(warehouse.rows("SELECT * FROM decisions_by_outcome ORDER BY 1, 2, 3, 4"))
        .containsExactly(
            "a1|2026-01-01|HELD_OUT|global_holdout|1|1",
            "a1|2026-01-01|SEND|best_arm|2|2",
            "a1|2026-01-02|NOT_ELIGIBLE|quiet_hours|2|1");
  }

  @Test
  void channelEngagementCountsEachStatusOncePerMessageAndRatesOverDelivered() throws Exception {
    message("a1", "msg1", "u1", "email");
    delivery("a1", "msg1", "u1", "email", "delivered");
    delivery("a1", "msg1", "u1", "email", "opened");
    delivery("a1", "msg1", "u1", "email", "opened");
    delivery("a1", "msg1", "u1", "email", "clicked");
    message("a1", "msg2", "u2", "email");
    delivery("a1", "msg2", "u2", "email", "delivered");
    delivery("a1", "msg2", "u2", "email", "unsubscribed");
    message("a1", "msg3", "u3", "email");
    delivery("a1", "msg3", "u3", "email", "failed");
    message("a1", "msg4", "u4", "email");
    message("a1", "msg5", "u1", "push");
    delivery("a1", "msg5", "u1", "push", "dry_run");
    delivery("a1", "msg5", "u1", "push", "opened");
    message("a1", "msg6", "u2", "sms");
    delivery("a1", "msg6", "u2", "sms", "failed");

    assertThat(warehouse.rows("SELECT * FROM channel_engagement ORDER BY 1, 2, 3"))
        .containsExactly(
            "a1|email|2026-01-01|4|2|1|1|1|1|0.5|0.5",
            "a1|push|2026-01-01|1|1|1|0|0|0|1.0|0.0",
            "a1|sms|2026-01-01|1|0|0|0|0|1|null|null");
  }

  @Test
  void churnRiskDailyTakesEachScoredUsersLastSnapshotOfTheDay() throws Exception {
    snapshot("a1", "u1", "2026-01-01 08:00:00", "0.2", "v1", null);
    snapshot("a1", "u1", "2026-01-01 20:00:00", "0.8", "v1", "2026-01-01 20:00:00");
    snapshot("a1", "u1", "2026-01-01 20:00:00", "0.8", "v1", "2026-01-01 20:00:00");
    snapshot("a1", "u2", "2026-01-01 09:00:00", "0.4", "v1", null);
    snapshot("a1", "u3", "2026-01-01 10:00:00", null, null, null);
    snapshot("a1", "u1", "2026-01-02 09:00:00", "0.9", "v2", "2026-01-01 20:00:00");

    assertThat(warehouse.rows("SELECT * FROM churn_risk_daily ORDER BY 1, 2, 3"))
        .containsExactly("a1|2026-01-01|v1|2|1|0.6", "a1|2026-01-02|v2|1|1|0.9");
  }

  private void event(String app, String user, String messageId, String type, String at)
      throws Exception {
    warehouse.insert(
        "events",
        Map.of(
            "app_id", app,
            "message_id", messageId,
            "user_id", user,
            "type", type,
            "event_time", at,
            "received_at", at,
            "properties", "{}"));
  }

  private void decision(
      String app, String id, String user, String outcome, String reason, String at)
      throws Exception {
    warehouse.insert(
        "decisions",
        Map.of(
            "app_id", app,
            "decision_id", id,
            "user_id", user,
            "outcome", outcome,
            "reason", reason,
            "decided_at", at,
            "propensity", "0.25"));
  }

  private void message(String app, String id, String user, String channel) throws Exception {
    warehouse.insert(
        "messages",
        Map.of(
            "app_id", app,
            "outbound_id", id,
            "decision_id", "d-" + id,
            "user_id", user,
            "channel", channel,
            "created_at", "2026-01-01 12:00:00"));
  }

  private void delivery(String app, String id, String user, String channel, String status)
      throws Exception {
    warehouse.insert(
        "deliveries",
        Map.of(
            "app_id", app,
            "outbound_id", id,
            "user_id", user,
            "channel", channel,
            "status", status,
            "at", "2026-01-01 13:00:00"));
  }

  private void snapshot(
      String app, String user, String at, String probability, String model, String atRiskSince)
      throws Exception {
    Map<String, String> row = new HashMap<>();
    row.put("app_id", app);
    row.put("user_id", user);
    row.put("snapshot_at", at);
    row.put("lifecycle", "ENGAGED");
    row.put("billing_status", "none");
    row.put("event_count", "1");
    row.put("session_count", "1");
    row.put("profile", "{}");
    row.put("churn_probability", probability);
    row.put("churn_model_version", model);
    row.put("churn_scored_at", probability == null ? null : at);
    row.put("churn_at_risk_since", atRiskSince);
    warehouse.insert("profile_snapshots", row);
  }
}
