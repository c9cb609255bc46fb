package dev.userwhisperer.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The uplift_outcomes view on DuckDB: who counts as treated or control, retained or converted. */
class UpliftOutcomesViewTest {
  private static final String QUERY = "SELECT * FROM uplift_outcomes ORDER BY 1, 2, 3, 4";

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
  void theViewHasTheColumnsTheUpliftSourcesRead() throws Exception {
    assertThat(warehouse.columns("uplift_outcomes"))
        .containsExactly(
            "app_id",
            "intervention",
            "lifecycle",
            "decision_date",
            "treated",
            "treated_retained",
            "treated_converted",
            "control",
            "control_retained",
            "control_converted");
  }

  @Test
  void sendOrDeferIsTreatedAndHoldoutIsControlEachRetainedByActivityInTheWindow() throws Exception {
    decision("d1", "u1", "SEND", "eligible", "winback", "2026-01-01 10:00:00");
    event("u1", "e1", "user_login", "2026-01-10 10:00:00");
    decision("d2", "u2", "DEFERRED", "send_time", "winback", "2026-01-01 11:00:00");
    decision("d2:released", "u2", "SEND", "released", "winback", "2026-01-01 16:00:00");
    decision("d3", "u3", "HELD_OUT", "holdout", "winback", "2026-01-01 12:00:00");
    event("u3", "e2", "feature_used", "2026-01-12 12:00:00");
    decision("d4", "u4", "HELD_OUT", "holdout", "winback", "2026-01-01 13:00:00");

    assertThat(warehouse.rows(QUERY)).containsExactly("a1|winback|NEW|2026-01-01|2|1|0|2|1|0");
  }

  @Test
  void aMessageExploredPastTheUpliftGateIsNotCountedAsTreated() throws Exception {
    decision("d1", "u1", "SEND", "eligible", "winback", "2026-01-01 10:00:00");
    decision("d2", "u2", "SEND", "explored", "winback", "2026-01-01 11:00:00");
    decision("d3", "u3", "HELD_OUT", "exploration", "winback", "2026-01-01 12:00:00");

    assertThat(warehouse.rows(QUERY)).containsExactly("a1|winback|NEW|2026-01-01|1|0|0|1|0|0");
  }

  @Test
  void retainedIsActivityInTheSecondWeekAfterTheDecisionUpToExactlyFourteenDays() throws Exception {
    decision("d1", "u1", "SEND", "eligible", "winback", "2026-01-01 10:00:00");
    event("u1", "e1", "user_login", "2026-01-01 10:00:00");
    decision("d2", "u2", "SEND", "eligible", "winback", "2026-01-01 10:00:00");
    event("u2", "e2", "user_login", "2026-01-15 10:00:00");
    decision("d3", "u3", "SEND", "eligible", "winback", "2026-01-01 10:00:00");
    event("u3", "e3", "user_login", "2026-01-15 10:00:01");
    event("u3", "e4", "user_login", "2026-01-01 09:59:59");
    decision("d4", "u4", "SEND", "eligible", "winback", "2026-01-01 10:00:00");
    event("u4", "e5", "session_started", "2026-01-02 10:00:00");
    event("u4", "e6", "feature_used", "2026-01-08 10:00:00");
    decision("d5", "u5", "SEND", "eligible", "winback", "2026-01-01 10:00:00");
    event("u5", "e7", "session_started", "2026-01-08 10:00:01");

    assertThat(warehouse.rows(QUERY)).containsExactly("a1|winback|NEW|2026-01-01|5|2|0|0|0|0");
  }

  @Test
  void aConversionCountsAnywhereInTheFourteenDaysAfterTheDecision() throws Exception {
    decision("d1", "u1", "SEND", "eligible", "trial_ending", "2026-01-01 10:00:00");
    event("u1", "e1", "subscription_started", "2026-01-01 10:00:01");
    decision("d2", "u2", "SEND", "eligible", "trial_ending", "2026-01-01 10:00:00");
    event("u2", "e2", "subscription_started", "2026-01-15 10:00:01");

    assertThat(warehouse.rows(QUERY)).containsExactly("a1|trial_ending|NEW|2026-01-01|2|0|1|0|0|0");
  }

  @Test
  void onlyActivityRetainsAndOnlyASubscriptionStartOrUpgradeConverts() throws Exception {
    decision("d1", "u1", "SEND", "eligible", "trial_ending", "2026-01-01 10:00:00");
    event("u1", "e1", "email_opened", "2026-01-10 10:00:00");
    event("u1", "e2", "subscription_started", "2026-01-10 10:00:00");
    decision("d2", "u2", "HELD_OUT", "holdout", "trial_ending", "2026-01-01 10:00:00");
    event("u2", "e3", "subscription_upgraded", "2026-01-02 10:00:00");
    event("u2", "e4", "session_started", "2026-01-10 11:00:00");
    event("u2", "e5", "session_started", "2026-01-10 12:00:00");

    assertThat(warehouse.rows(QUERY)).containsExactly("a1|trial_ending|NEW|2026-01-01|1|0|1|1|1|1");
  }

  @Test
  void otherOutcomesReasonsUsersAndAppsDoNotCount() throws Exception {
    decision("d1", "u1", "NOT_ELIGIBLE", "frequency_cap", "winback", "2026-01-01 10:00:00");
    decision("d2:released", "u1", "SEND", "released", "winback", "2026-01-01 10:00:00");
    decision("d3", "u1", "NOT_ELIGIBLE", "no_intervention", null, "2026-01-01 10:00:00");
    decision("d4", "u1", "HELD_OUT", "other_reason", "winback", "2026-01-01 10:00:00");
    decision("d5", "u5", "SEND", "eligible", "winback", "2026-01-01 10:00:00");
    event("u6", "e1", "user_login", "2026-01-02 10:00:00");
    warehouse.insert(
        "events",
        Map.of(
            "app_id", "a2",
            "message_id", "e2",
            "user_id", "u5",
            "type", "user_login",
            "event_time", "2026-01-02 10:00:00",
            "received_at", "2026-01-02 10:00:00"));

    assertThat(warehouse.rows(QUERY)).containsExactly("a1|winback|NEW|2026-01-01|1|0|0|0|0|0");
  }

  @Test
  void aTrialLastCallIsPartOfTheReminderAndNotCountedOnItsOwn() throws Exception {
    decision("d1", "u1", "SEND", "eligible", "trial_ending", "2026-01-01 10:00:00");
    decision(
        "d2", "TRIAL_LAST_CALL", "u1", "SEND", "eligible", "trial_ending", "2026-01-03 10:00:00");
    decision("d3", "u2", "HELD_OUT", "holdout", "trial_ending", "2026-01-01 10:00:00");
    decision(
        "d4",
        "TRIAL_LAST_CALL",
        "u2",
        "HELD_OUT",
        "holdout",
        "trial_ending",
        "2026-01-03 10:00:00");
    event("u1", "e1", "subscription_started", "2026-01-04 10:00:00");

    assertThat(warehouse.rows(QUERY)).containsExactly("a1|trial_ending|NEW|2026-01-01|1|0|1|1|0|0");
  }

  @Test
  void aDecisionOrEventLandedTwiceCountsOnce() throws Exception {
    decision("d1", "u1", "SEND", "eligible", "winback", "2026-01-01 10:00:00");
    decision("d1", "u1", "SEND", "eligible", "winback", "2026-01-01 10:00:00");
    event("u1", "e1", "user_login", "2026-01-09 10:00:00");
    event("u1", "e1", "user_login", "2026-01-09 10:00:00");

    assertThat(warehouse.rows(QUERY)).containsExactly("a1|winback|NEW|2026-01-01|1|1|0|0|0|0");
  }

  @Test
  void theStageIsTheLatestSnapshotAtOrBeforeTheDecision() throws Exception {
    snapshot("u1", "ACTIVATED", "2025-12-20 10:00:00");
    snapshot("u1", "AT_RISK", "2026-01-01 10:00:00");
    snapshot("u1", "DORMANT", "2026-01-01 10:00:01");
    decision("d1", "u1", "SEND", "eligible", "winback", "2026-01-01 10:00:00");
    snapshot("u2", "ENGAGED", "2025-12-31 10:00:00");
    decision("d2", "u2", "HELD_OUT", "holdout", "winback", "2026-01-01 10:00:00");
    decision("d3", "u2", "SEND", "eligible", "winback", "2026-01-02 10:00:00");

    assertThat(warehouse.rows(QUERY))
        .containsExactly(
            "a1|winback|AT_RISK|2026-01-01|1|0|0|0|0|0",
            "a1|winback|ENGAGED|2026-01-01|0|0|0|1|0|0",
            "a1|winback|ENGAGED|2026-01-02|1|0|0|0|0|0");
  }

  private void decision(
      String id, String user, String outcome, String reason, String intervention, String at)
      throws Exception {
    decision(id, "INACTIVE", user, outcome, reason, intervention, at);
  }

  private void decision(
      String id,
      String signalType,
      String user,
      String outcome,
      String reason,
      String intervention,
      String at)
      throws Exception {
    warehouse.decision(id, signalType, user, outcome, reason, intervention, at);
  }

  private void event(String user, String messageId, String type, String at) throws Exception {
    warehouse.event(user, messageId, type, at);
  }

  private void snapshot(String user, String lifecycle, String at) throws Exception {
    warehouse.insert(
        "profile_snapshots",
        Map.of(
            "app_id", "a1",
            "user_id", user,
            "snapshot_at", at,
            "lifecycle", lifecycle,
            "billing_status", "none",
            "event_count", "1",
            "session_count", "1",
            "profile", "{}"));
  }
}
