package dev.userwhisperer.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The uplift_training_rows view on DuckDB: each decision's features with its goal's outcome. */
class UpliftTrainingRowsViewTest {
  private static final String QUERY =
      "SELECT decision_id, decision_date, treated, treatment_propensity, retained, converted,"
          + " goal_reached, CAST(features AS VARCHAR) FROM uplift_training_rows ORDER BY 1";

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
  void eachDecisionGetsItsFeaturesAndTheOutcomeOfItsInterventionsGoalAtFourteenDays()
      throws Exception {
    features("d1", "u1", "winback", true, "2026-01-01 10:00:00", "{\"sessions\":3.0}");
    warehouse.event("u1", "e1", "user_login", "2026-01-15 10:00:00");
    features("d2", "u2", "winback", false, "2026-01-01 10:00:00", "{\"sessions\":1.0}");
    warehouse.event("u2", "e2", "user_login", "2026-01-15 10:00:01");
    features("d3", "u3", "trial_ending", true, "2026-01-02 09:00:00", "{\"sessions\":5.0}");
    warehouse.event("u3", "e3", "session_started", "2026-01-09 09:00:01");
    features("d4", "u4", "upgrade_offer", false, "2026-01-02 09:00:00", "{\"sessions\":7.0}");
    warehouse.event("u4", "e4", "subscription_upgraded", "2026-01-03 09:00:00");
    features("d5", "u5", "feature_tip", true, "2026-01-02 09:00:00", "{\"sessions\":2.0}");
    warehouse.event("u5", "e5", "feature_used", "2026-01-09 09:00:00");

    assertThat(warehouse.rows(QUERY))
        .containsExactly(
            "d1|2026-01-01|true|0.855|1|0|1|{\"sessions\":3.0}",
            "d2|2026-01-01|false|0.855|0|0|0|{\"sessions\":1.0}",
            "d3|2026-01-02|true|0.855|1|0|0|{\"sessions\":5.0}",
            "d4|2026-01-02|false|0.855|0|1|1|{\"sessions\":7.0}",
            "d5|2026-01-02|true|0.855|0|0|0|{\"sessions\":2.0}");
  }

  @Test
  void aRowLandedTwiceIsReadOnceAndOtherAppsEventsDoNotCount() throws Exception {
    features("d1", "u1", "winback", true, "2026-01-01 10:00:00", "{}");
    features("d1", "u1", "winback", true, "2026-01-01 10:00:00", "{}");
    Map<String, String> other = new LinkedHashMap<>();
    other.put("app_id", "a2");
    other.put("message_id", "e9");
    other.put("user_id", "u1");
    other.put("type", "user_login");
    other.put("event_time", "2026-01-02 10:00:00");
    other.put("received_at", "2026-01-02 10:00:00");
    warehouse.insert("events", other);

    assertThat(warehouse.rows(QUERY)).containsExactly("d1|2026-01-01|true|0.855|0|0|0|{}");
  }

  private void features(
      String decision, String user, String intervention, boolean treated, String at, String json)
      throws Exception {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("app_id", "a1");
    row.put("decision_id", decision);
    row.put("user_id", user);
    row.put("intervention", intervention);
    row.put("decided_at", at);
    row.put("treated", String.valueOf(treated));
    row.put("treatment_propensity", "0.855");
    row.put("features", json);
    warehouse.insert("decision_features", row);
  }
}
