package dev.userwhisperer.local.warehouse;

import dev.userwhisperer.models.DecisionsQuery;
import dev.userwhisperer.models.EventsQuery;
import dev.userwhisperer.models.WarehouseDecision;
import dev.userwhisperer.models.WarehouseDecisionSource;
import dev.userwhisperer.models.WarehouseEvent;
import dev.userwhisperer.models.WarehouseEventSource;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The events and decisions tables of the running platform's DuckDB warehouse, read with {@link
 * EventsQuery} and {@link DecisionsQuery} as the learn job's churn training reads them on BigQuery,
 * through the warehouse's open connection.
 */
public final class DuckDbWarehouseEventSource
    implements WarehouseEventSource, WarehouseDecisionSource {
  private final DuckDbWarehouse warehouse;

  public DuckDbWarehouseEventSource(DuckDbWarehouse warehouse) {
    this.warehouse = warehouse;
  }

  @Override
  public List<WarehouseEvent> events(Optional<String> appId, Instant until) {
    // the warehouse's query takes no parameters: the instant is a literal, the app id is filtered
    // here rather than spliced into SQL
    String sql =
        EventsQuery.sql("events", Optional.empty())
            .replace("event_time <= ?", "event_time <= TIMESTAMPTZ '" + until + "'");
    return warehouse.query(sql).stream()
        .filter(r -> appId.isEmpty() || appId.get().equals(r.get("app_id")))
        .map(DuckDbWarehouseEventSource::event)
        .toList();
  }

  @Override
  public List<WarehouseDecision> decisions(Optional<String> appId, Instant until) {
    String sql =
        DecisionsQuery.sql("decisions", Optional.empty())
            .replace("decided_at <= ?", "decided_at <= TIMESTAMPTZ '" + until + "'");
    return warehouse.query(sql).stream()
        .filter(r -> appId.isEmpty() || appId.get().equals(r.get("app_id")))
        .map(DuckDbWarehouseEventSource::decision)
        .toList();
  }

  private static WarehouseDecision decision(Map<String, Object> r) {
    return WarehouseDecision.of(
        (String) r.get("app_id"),
        (String) r.get("user_id"),
        (String) r.get("decision_id"),
        (String) r.get("outcome"),
        (Instant) r.get("decided_at"),
        (String) r.get("channel"),
        r.get("send_hour") instanceof Number hour ? hour.intValue() : null,
        (Instant) r.get("send_at"),
        (String) r.get("intervention"),
        (String) r.get("variant"));
  }

  /** Counted by DuckDB, with the same filter as {@link #events}, without reading the events. */
  @Override
  public Map<String, Long> countsByApp(Instant until) {
    Map<String, Long> counts = new LinkedHashMap<>();
    warehouse
        .query(
            "SELECT app_id, COUNT(*) AS n FROM events WHERE event_time <= TIMESTAMPTZ '"
                + until
                + "' GROUP BY app_id ORDER BY app_id")
        .forEach(r -> counts.put((String) r.get("app_id"), ((Number) r.get("n")).longValue()));
    return counts;
  }

  private static WarehouseEvent event(Map<String, Object> r) {
    return WarehouseEvent.of(
        (String) r.get("app_id"),
        (String) r.get("user_id"),
        (String) r.get("message_id"),
        (String) r.get("anonymous_id"),
        (String) r.get("type"),
        (Instant) r.get("event_time"),
        (Instant) r.get("received_at"),
        (String) r.get("properties"),
        (String) r.get("traits"),
        (String) r.get("context"));
  }
}
