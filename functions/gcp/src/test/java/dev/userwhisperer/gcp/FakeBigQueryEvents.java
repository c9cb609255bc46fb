package dev.userwhisperer.gcp;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.models.WarehouseEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * BigQuery's {@code jobs.query} ({@code POST /bigquery/v2/projects/P/queries}) over one warehouse's
 * {@code events} table, answered in the REST wire format: a query that reads the events table
 * ({@code EventsQuery}) gets the rows whose event time is at or before its first parameter (and of
 * the app of its second, when given), in the query's order, TIMESTAMP cells as the request's {@code
 * formatOptions} ask (integer microseconds, or seconds with a fraction); every other query gets no
 * rows. No BigQuery emulator exists, so this is what stands in for the table.
 */
final class FakeBigQueryEvents implements ResponseDefinitionTransformerV2 {
  private final String table;
  private volatile List<WarehouseEvent> events = List.of();

  /**
   * @param table {@code project.dataset.events}
   */
  FakeBigQueryEvents(String table) {
    this.table = table;
  }

  /** Replaces the table's rows. */
  void holds(List<WarehouseEvent> rows) {
    events = List.copyOf(rows);
  }

  @Override
  public String getName() {
    return "fake-bigquery-events";
  }

  @Override
  public boolean applyGlobally() {
    return false;
  }

  @Override
  public ResponseDefinition transform(ServeEvent serveEvent) {
    JsonNode request = Json.tree(serveEvent.getRequest().getBody());
    String query = request.path("query").asString("");
    if (!query.contains("FROM `" + table + "`")) {
      return answer(List.of(), List.of());
    }
    JsonNode parameters = request.path("queryParameters");
    Instant until = timestamp(parameters.path(0).path("parameterValue").path("value").asString());
    String app =
        parameters.size() > 1
            ? parameters.path(1).path("parameterValue").path("value").asString()
            : null;
    boolean micros = request.path("formatOptions").path("useInt64Timestamp").asBoolean(false);
    List<Map<String, Object>> rows = new ArrayList<>();
    events.stream()
        .filter(e -> !e.event().timestamp().isAfter(until))
        .filter(e -> app == null || app.equals(e.appId()))
        .sorted(
            Comparator.comparing(WarehouseEvent::appId)
                .thenComparing(WarehouseEvent::userId)
                .thenComparing(e -> e.event().timestamp())
                .thenComparing(e -> e.event().messageId()))
        .forEach(e -> rows.add(row(e, micros)));
    List<Map<String, String>> schema =
        List.of(
            field("app_id", "STRING"),
            field("user_id", "STRING"),
            field("message_id", "STRING"),
            field("anonymous_id", "STRING"),
            field("type", "STRING"),
            field("event_time", "TIMESTAMP"),
            field("received_at", "TIMESTAMP"),
            field("properties", "JSON"),
            field("traits", "JSON"),
            field("context", "JSON"));
    return answer(schema, rows);
  }

  private static Map<String, Object> row(WarehouseEvent e, boolean micros) {
    Event event = e.event();
    List<Map<String, Object>> cells = new ArrayList<>();
    cells.add(cell(e.appId()));
    cells.add(cell(e.userId()));
    cells.add(cell(event.messageId()));
    cells.add(cell(event.anonymousId()));
    cells.add(cell(event.type()));
    cells.add(cell(timestampCell(event.timestamp(), micros)));
    cells.add(cell(timestampCell(event.receivedAt(), micros)));
    cells.add(cell(Json.encodeToString(event.properties())));
    cells.add(cell(Json.encodeToString(event.traits())));
    cells.add(cell(Json.encodeToString(event.context())));
    return Map.of("f", cells);
  }

  private static Map<String, Object> cell(String value) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("v", value);
    return v;
  }

  private static String timestampCell(Instant at, boolean micros) {
    long us = ChronoUnit.MICROS.between(Instant.EPOCH, at);
    return micros ? Long.toString(us) : BigDecimal.valueOf(us, 6).toPlainString();
  }

  /** A TIMESTAMP parameter as the client sends it: {@code 2026-03-16 00:00:00.000000+00:00}. */
  private static Instant timestamp(String value) {
    return OffsetDateTime.parse(
            value.replace(' ', 'T'),
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSSSSS]xxx"))
        .toInstant();
  }

  private static Map<String, String> field(String name, String type) {
    return Map.of("name", name, "type", type, "mode", "NULLABLE");
  }

  private static ResponseDefinition answer(
      List<Map<String, String>> schema, List<Map<String, Object>> rows) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("kind", "bigquery#queryResponse");
    body.put(
        "jobReference",
        Map.of("projectId", "whisperer-test", "jobId", "job-events", "location", "EU"));
    body.put("jobComplete", true);
    body.put("cacheHit", false);
    body.put("totalRows", Integer.toString(rows.size()));
    body.put("schema", Map.of("fields", schema));
    body.put("rows", rows);
    return new ResponseDefinitionBuilder()
        .withStatus(200)
        .withHeader("Content-Type", "application/json; charset=UTF-8")
        .withBody(Json.encode(body))
        .build();
  }
}
