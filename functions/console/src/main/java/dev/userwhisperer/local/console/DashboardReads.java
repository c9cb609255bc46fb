package dev.userwhisperer.local.console;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the console reads from the warehouse: the dashboard views of {@code bigquery/views} (the
 * same SELECTs on DuckDB locally and on BigQuery), and a few reads of the warehouse tables by app
 * and user. Every value a person typed is bound as a parameter, never spliced into SQL.
 */
public interface DashboardReads {

  /** The view's rows for {@code appId}, in the view's natural order. */
  List<Map<String, Object>> view(DashboardView view, String appId);

  /** Users by their latest lifecycle stage: {@code lifecycle}, {@code users}. */
  List<Map<String, Object>> lifecycleDistribution(String appId);

  /** Events of the app received after {@code since}. */
  long eventsReceivedSince(String appId, Instant since);

  /** The user's latest events, newest first: type, event_time, received_at, properties. */
  List<Map<String, Object>> userEvents(String appId, String userId, int limit);

  /** Ids of the app's users that start with {@code prefix}, sorted. */
  List<String> usersStartingWith(String appId, String prefix, int limit);

  /** The dashboard views the console shows, with the column that orders their rows. */
  enum DashboardView {
    ACTIVE_USERS_DAILY("active_users_daily", "event_date"),
    DAILY_EVENTS_BY_TYPE("daily_events_by_type", "event_date, type"),
    CHANNEL_ENGAGEMENT("channel_engagement", "sent_date, channel"),
    HOLDOUT_LIFT("holdout_lift", "entry_date"),
    VARIANT_PERFORMANCE("variant_performance", "intervention, channel, variant"),
    CHURN_RISK_DAILY("churn_risk_daily", "snapshot_date");

    private final String viewName;
    private final String orderBy;

    DashboardView(String viewName, String orderBy) {
      this.viewName = viewName;
      this.orderBy = orderBy;
    }

    public String viewName() {
      return viewName;
    }

    /** The columns that order the view's rows, as SQL. */
    public String orderBy() {
      return orderBy;
    }
  }
}
