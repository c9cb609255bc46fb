package dev.userwhisperer.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A user in {@code erased_users} (the tombstone BigQuery keeps until a DML delete may remove rows
 * from the streaming buffer) is in no dashboard view: every view over the warehouse with the user's
 * rows and their tombstone reads exactly as over the warehouse without them.
 */
class ErasedUsersViewTest {

  @Test
  void everyViewLeavesOutTheRowsOfAnErasedUser() throws Exception {
    try (DuckDbViews erased = new DuckDbViews().withViews();
        DuckDbViews without = new DuckDbViews().withViews();
        DuckDbViews notYetErased = new DuckDbViews().withViews()) {
      fill(erased, List.of("u-kept", "u-gone"));
      erased.insert(
          "erased_users",
          Map.of(
              "app_id", "a1",
              "user_id", "u-gone",
              "erasure_id", "er_1",
              "erased_at", "2026-03-01 00:00:00"));
      fill(without, List.of("u-kept"));
      fill(notYetErased, List.of("u-kept", "u-gone"));

      int differedBeforeTheTombstone = 0;
      for (Path file : DuckDbViews.viewFiles()) {
        String query = "SELECT * FROM " + DuckDbViews.viewName(file) + " ORDER BY ALL";
        assertThat(erased.rows(query)).as(file.toString()).isEqualTo(without.rows(query));
        if (!notYetErased.rows(query).equals(without.rows(query))) {
          differedBeforeTheTombstone++;
        }
      }
      assertThat(differedBeforeTheTombstone)
          .as("views in which the erased user's rows showed before the tombstone")
          .isEqualTo(DuckDbViews.viewFiles().size());
    }
  }

  /** Rows in every table for each user, enough for each view to show the user. */
  private static void fill(DuckDbViews w, List<String> users) throws Exception {
    int n = 0;
    for (String user : users) {
      n++;
      String day = "2026-01-0" + n;
      w.event(user, "m-signup-" + user, "user_signup", day + " 08:00:00");
      w.event(user, "m-login-" + user, "user_login", day + " 09:00:00");
      w.event(user, "m-trial-" + user, "trial_started", day + " 09:30:00");
      w.event(user, "m-late-" + user, "user_login", "2026-01-2" + n + " 10:00:00");
      w.event(user, "m-paid-" + user, "subscription_started", "2026-01-1" + n + " 10:00:00");
      String decision = "d-" + user;
      Map<String, String> d = new HashMap<>();
      d.put("app_id", "a1");
      d.put("decision_id", decision);
      d.put("user_id", user);
      d.put("signal_type", "SIGNED_UP");
      d.put("outcome", "SEND");
      d.put("reason", "selected");
      d.put("intervention", "welcome");
      d.put("channel", "email");
      d.put("channels", "email,push");
      d.put("channel_propensity", "0.5");
      d.put("decided_at", day + " 08:01:00");
      d.put("propensity", "0.5");
      w.insert("decisions", d);
      w.insert(
          "decision_features",
          Map.of(
              "app_id", "a1",
              "decision_id", decision,
              "user_id", user,
              "intervention", "welcome",
              "decided_at", day + " 08:01:00",
              "treated", "true",
              "treatment_propensity", "0.5",
              "features", "{\"days_since_signup\": 0}"));
      String outbound = "o-" + user;
      w.insert(
          "messages",
          Map.of(
              "app_id",
              "a1",
              "outbound_id",
              outbound,
              "decision_id",
              decision,
              "user_id",
              user,
              "channel",
              "email",
              "intervention",
              "welcome",
              "created_at",
              day + " 08:02:00"));
      for (String status : List.of("delivered", "opened", "clicked")) {
        w.insert(
            "deliveries",
            Map.of(
                "app_id",
                "a1",
                "outbound_id",
                outbound,
                "user_id",
                user,
                "channel",
                "email",
                "status",
                status,
                "at",
                day + " 08:03:00"));
      }
      Map<String, String> s = new HashMap<>();
      s.put("app_id", "a1");
      s.put("user_id", user);
      s.put("snapshot_at", day + " 09:00:00");
      s.put("lifecycle", "ONBOARDING");
      s.put("billing_status", "trialing");
      s.put("event_count", "2");
      s.put("session_count", "1");
      s.put("profile", "{}");
      s.put("churn_probability", "0." + (n + 2));
      s.put("churn_model_version", "v1");
      s.put("churn_scored_at", day + " 09:00:00");
      w.insert("profile_snapshots", s);
    }
  }
}
