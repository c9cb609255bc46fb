package dev.userwhisperer.local.warehouse;

import dev.userwhisperer.local.console.DashboardReads;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The console's {@link DashboardReads} on the local DuckDB warehouse, where the dashboard views are
 * created.
 */
@Component
class DuckDbDashboardReads implements DashboardReads {
  private static final String NOT_ERASED =
      "NOT EXISTS (SELECT 1 FROM erased_users AS x WHERE x.app_id = %1$s.app_id"
          + " AND x.user_id = %1$s.user_id)";

  private final DuckDbWarehouse warehouse;

  DuckDbDashboardReads(DuckDbWarehouse warehouse) {
    this.warehouse = warehouse;
  }

  @Override
  public List<Map<String, Object>> view(DashboardView view, String appId) {
    return warehouse.query(
        "SELECT * FROM " + view.viewName() + " WHERE app_id = ? ORDER BY " + view.orderBy(),
        List.of(appId));
  }

  @Override
  public List<Map<String, Object>> lifecycleDistribution(String appId) {
    return warehouse.query(
        """
        SELECT lifecycle, COUNT(*) AS users
        FROM (
          SELECT s.lifecycle,
            ROW_NUMBER() OVER (PARTITION BY s.user_id ORDER BY s.snapshot_at DESC) AS newest_first
          FROM profile_snapshots AS s
          WHERE s.app_id = ? AND %s
        ) AS latest
        WHERE newest_first = 1
        GROUP BY lifecycle
        ORDER BY users DESC, lifecycle
        """
            .formatted(NOT_ERASED.formatted("s")),
        List.of(appId));
  }

  @Override
  public long eventsReceivedSince(String appId, Instant since) {
    Object n =
        warehouse
            .query(
                "SELECT COUNT(*) AS n FROM events WHERE app_id = ?"
                    + " AND received_at > CAST(? AS TIMESTAMPTZ)",
                List.of(appId, since.toString()))
            .get(0)
            .get("n");
    return ((Number) n).longValue();
  }

  @Override
  public List<Map<String, Object>> userEvents(String appId, String userId, int limit) {
    return warehouse.query(
        """
        SELECT e.type, e.event_time, e.received_at, e.message_id, e.properties
        FROM events AS e
        WHERE e.app_id = ? AND e.user_id = ? AND %s
        ORDER BY e.event_time DESC, e.message_id
        LIMIT ?
        """
            .formatted(NOT_ERASED.formatted("e")),
        List.of(appId, userId, limit));
  }

  @Override
  public List<String> usersStartingWith(String appId, String prefix, int limit) {
    String pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    return warehouse
        .query(
            """
            SELECT DISTINCT e.user_id FROM events AS e
            WHERE e.app_id = ? AND e.user_id LIKE ? ESCAPE '\\' AND %s
            ORDER BY e.user_id
            LIMIT ?
            """
                .formatted(NOT_ERASED.formatted("e")),
            List.of(appId, pattern, limit))
        .stream()
        .map(row -> (String) row.get("user_id"))
        .toList();
  }
}
