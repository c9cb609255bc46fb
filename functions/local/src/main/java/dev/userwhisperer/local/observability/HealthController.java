package dev.userwhisperer.local.observability;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.local.bus.PipelineBus;
import dev.userwhisperer.local.store.SqliteDatabase;
import dev.userwhisperer.local.warehouse.DuckDbWarehouse;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a process supervisor and a scraper ask the runner: {@code /healthz} (alive: the process
 * answers HTTP), {@code /readyz} (ready: the SQLite file, the DuckDB warehouse and the bus answer;
 * 503 naming the one that does not) and {@code /metrics} (Prometheus' text format).
 */
@RestController
class HealthController {
  static final MediaType PROMETHEUS_TEXT =
      MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8");

  private final SqliteDatabase sqlite;
  private final DuckDbWarehouse duckDb;
  private final PipelineBus bus;
  private final PrometheusMeterRegistry registry;

  HealthController(
      SqliteDatabase sqlite,
      DuckDbWarehouse duckDb,
      PipelineBus bus,
      PrometheusMeterRegistry registry) {
    this.sqlite = sqlite;
    this.duckDb = duckDb;
    this.bus = bus;
    this.registry = registry;
  }

  @GetMapping("/healthz")
  ResponseEntity<byte[]> live() {
    return json(200, Map.of("status", "up"));
  }

  @GetMapping("/readyz")
  ResponseEntity<byte[]> ready() {
    Map<String, String> checks = new LinkedHashMap<>();
    checks.put("sqlite", check(this::sqliteAnswers));
    checks.put("duckdb", check(() -> duckDb.query("SELECT 1 AS ok")));
    checks.put("bus", check(bus::stats));
    boolean up = checks.values().stream().allMatch("up"::equals);
    return json(up ? 200 : 503, Map.of("status", up ? "up" : "down", "checks", checks));
  }

  @GetMapping("/metrics")
  ResponseEntity<String> metrics() {
    return ResponseEntity.ok().contentType(PROMETHEUS_TEXT).body(registry.scrape());
  }

  private void sqliteAnswers() {
    sqlite.read(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT 1")) {
            return rs.next();
          }
        });
  }

  /** "up", or "down: " and the failure's class: never its message, which may hold data. */
  private static String check(Runnable probe) {
    try {
      probe.run();
      return "up";
    } catch (RuntimeException e) {
      return "down: " + e.getClass().getSimpleName();
    }
  }

  private static ResponseEntity<byte[]> json(int status, Object body) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Json.encode(body));
  }
}
