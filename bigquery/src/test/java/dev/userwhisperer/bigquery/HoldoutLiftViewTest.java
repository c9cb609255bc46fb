package dev.userwhisperer.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The holdout_lift view on DuckDB: who enters which group, when, and what counts as an outcome. */
class HoldoutLiftViewTest {
  private static final String QUERY = "SELECT * FROM holdout_lift ORDER BY 1, 2";
  private static final String ENTRY = "2026-01-01 10:00:00";

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
  void theViewHasEachGroupsUsersAndOutcomes() throws Exception {
    assertThat(warehouse.columns("holdout_lift"))
        .containsExactly(
            "app_id",
            "entry_date",
            "treated_users",
            "treated_active_week_4",
            "treated_trials",
            "treated_trials_converted",
            "treated_cancelled",
            "control_users",
            "control_active_week_4",
            "control_trials",
            "control_trials_converted",
            "control_cancelled");
  }

  @Test
  void everyUserTheDrawWasMadeForEntersOneGroup() throws Exception {
    marketing("d1", "u1", "SEND", "eligible");
    marketing("d2", "u2", "DEFERRED", "send_time");
    marketing("d4", "u4", "HELD_OUT", "holdout");
    marketing("d5", "u5", "HELD_OUT", "exploration");
    marketing("d6", "u6", "SEND", "explored");
    warehouse.decision("d7", "PAYMENT_FAILED", "u7", "SEND", "eligible", "payment_failed", ENTRY);
    warehouse.decision("d8", "INACTIVE", "u8", "NOT_ELIGIBLE", "no_intervention", null, ENTRY);

    assertThat(warehouse.rows(QUERY)).containsExactly("a1|2026-01-01|4|0|0|0|0|1|0|0|0|0");
  }

  @Test
  void aDecisionThatEndedBeforeTheHoldoutDrawEntersNeitherGroup() throws Exception {
    marketing("d1", "u1", "NOT_ELIGIBLE", "no_consent");
    marketing("d2", "u2", "NOT_ELIGIBLE", "no_address");
    marketing("d3", "u3", "NOT_ELIGIBLE", "unsubscribed");
    marketing("d4", "u4", "NOT_ELIGIBLE", "frequency_cap");
    marketing("d5", "u5", "NOT_ELIGIBLE", "reserved_for_trial_ending");
    marketing("d6", "u6", "NOT_ELIGIBLE", "no_uplift");
    marketing("d7", "u7", "NOT_ELIGIBLE", "reminder_answered");
    marketing("d8", "u8", "HELD_OUT", "holdout");

    assertThat(warehouse.rows(QUERY)).containsExactly("a1|2026-01-01|0|0|0|0|0|1|0|0|0|0");
  }

  @Test
  void outcomesAreCountedInEachUsersWindowsAfterEntry() throws Exception {
    marketing("d1", "u1", "SEND", "eligible");
    warehouse.event("u1", "e1", "trial_started", ENTRY);
    warehouse.event("u1", "e2", "session_started", "2026-01-25 10:00:00");
    warehouse.event("u1", "e3", "subscription_started", "2026-01-15 10:00:00");
    marketing("d2", "u2", "SEND", "eligible");
    warehouse.event("u2", "e4", "session_started", "2026-01-23 10:00:00");
    warehouse.event("u2", "e5", "subscription_started", "2026-01-02 10:00:00");
    warehouse.event("u2", "e6", "subscription_cancelled", "2026-01-20 10:00:00");
    marketing("d3", "u3", "HELD_OUT", "holdout");
    warehouse.event("u3", "e7", "trial_started", "2025-12-25 10:00:00");
    warehouse.event("u3", "e8", "feature_used", "2026-01-29 10:00:00");
    warehouse.event("u3", "e9", "subscription_started", "2026-01-31 10:00:01");

    assertThat(warehouse.rows(QUERY)).containsExactly("a1|2026-01-01|2|2|1|1|1|1|1|1|0|0");
  }

  @Test
  void theFourthWeekAndTheThirtyDaysEndExactlyWhereTheySay() throws Exception {
    marketing("d1", "u1", "SEND", "eligible");
    warehouse.event("u1", "e1", "session_started", "2026-01-22 10:00:00");
    warehouse.event("u1", "e2", "trial_started", "2025-12-02 10:00:00");
    warehouse.event("u1", "e3", "subscription_started", "2026-01-31 10:00:00");
    marketing("d2", "u2", "SEND", "eligible");
    warehouse.event("u2", "e4", "session_started", "2026-01-29 10:00:00");
    warehouse.event("u2", "e5", "trial_started", "2025-12-02 10:00:01");
    warehouse.event("u2", "e6", "subscription_started", "2026-01-31 10:00:00");

    assertThat(warehouse.rows(QUERY)).containsExactly("a1|2026-01-01|2|1|1|1|0|0|0|0|0|0");
  }

  @Test
  void aUserEntersAtTheirFirstDecisionAndCountsOnceHoweverOftenRowsLand() throws Exception {
    marketing("d1", "u1", "SEND", "eligible");
    marketing("d1", "u1", "SEND", "eligible");
    warehouse.decision(
        "d2", "INACTIVE", "u1", "SEND", "eligible", "winback", "2026-01-09 10:00:00");
    warehouse.event("u1", "e1", "session_started", "2026-01-24 10:00:00");
    warehouse.event("u1", "e1", "session_started", "2026-01-24 10:00:00");

    assertThat(warehouse.rows(QUERY)).containsExactly("a1|2026-01-01|1|1|0|0|0|0|0|0|0|0");
  }

  /** A welcome decision of the user at ENTRY. */
  private void marketing(String id, String user, String outcome, String reason) throws Exception {
    warehouse.decision(id, "SIGNED_UP", user, outcome, reason, "welcome", ENTRY);
  }
}
