package dev.userwhisperer.local.web;

import dev.userwhisperer.core.ingest.ApiError;
import dev.userwhisperer.core.port.UpliftTable;
import dev.userwhisperer.local.SweepControl;
import dev.userwhisperer.local.bus.PipelineBus;
import dev.userwhisperer.local.time.SimulatedClock;
import dev.userwhisperer.local.warehouse.BufferedWarehouse;
import dev.userwhisperer.models.churn.ChurnModelTraining;
import dev.userwhisperer.models.effect.DailyLearning;
import dev.userwhisperer.models.effect.UpliftModelTraining;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator and simulation controls, present only with {@code whisperer.admin-enabled=true}: the
 * simulated clock, the bus (backlog, dead letters, redrive), the sweep and the uplift refresh. A
 * simulator drives the platform through these and the public API alone.
 */
@RestController
@ConditionalOnBooleanProperty("whisperer.admin-enabled")
class AdminController {
  private static final Duration LONGEST_WAIT = Duration.ofMinutes(5);

  private final SimulatedClock clock;
  private final PipelineBus bus;
  private final SweepControl sweep;
  private final BufferedWarehouse warehouse;

  AdminController(
      SimulatedClock clock, PipelineBus bus, SweepControl sweep, BufferedWarehouse warehouse) {
    this.clock = clock;
    this.bus = bus;
    this.sweep = sweep;
    this.warehouse = warehouse;
  }

  @GetMapping("/admin/clock")
  ResponseEntity<byte[]> clock() {
    return JsonResponses.ok(Map.of("now", clock.instant(), "offset", clock.offset().toString()));
  }

  /**
   * Moves the clock forward by an ISO-8601 duration ({@code PT6H}, {@code P1D}) in steps, sweeping
   * and draining the pipeline at each (see {@link SweepControl#advance}); answers when done.
   */
  @PostMapping("/admin/clock/advance")
  ResponseEntity<byte[]> advance(@RequestParam String by) throws InterruptedException {
    Duration duration;
    try {
      duration = Duration.parse(by);
    } catch (DateTimeParseException e) {
      return error(
          400,
          new ApiError("invalid_duration", "'by' must be an ISO-8601 duration such as PT1H", "by"));
    }
    if (duration.isNegative()) {
      return error(400, new ApiError("invalid_duration", "the clock only moves forward", "by"));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sweep", sweep.advance(duration));
    body.put("now", clock.instant());
    return JsonResponses.ok(body);
  }

  /**
   * Waits until no message is pending or in flight (at most {@code timeout}), then moves the
   * buffered warehouse rows to DuckDB, so that what the pipeline did can be queried.
   */
  @PostMapping("/admin/drain")
  ResponseEntity<byte[]> drain(@RequestParam(defaultValue = "PT60S") String timeout)
      throws InterruptedException {
    Duration wait;
    try {
      wait = Duration.parse(timeout);
    } catch (DateTimeParseException e) {
      return error(
          400,
          new ApiError(
              "invalid_duration",
              "'timeout' must be an ISO-8601 duration such as PT60S",
              "timeout"));
    }
    boolean idle = bus.awaitIdle(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait);
    int warehouseRows = warehouse.flush();
    return JsonResponses.ok(
        Map.of("idle", idle, "topics", bus.stats(), "warehouseRowsFlushed", warehouseRows));
  }

  @PostMapping("/admin/sweep")
  ResponseEntity<byte[]> sweep() {
    return JsonResponses.ok(sweep.sweepNow());
  }

  /**
   * Learns from the warehouse, buffered rows included, as the daily job does: answers with the
   * uplift table, the last decision day it counts, what became of each per-user uplift model and of
   * each app's churn model.
   */
  @PostMapping("/admin/learn")
  ResponseEntity<byte[]> learn() {
    DailyLearning.Result result = sweep.learnNow();
    UpliftTable table = result.table();
    return JsonResponses.ok(
        Map.of(
            "table",
            table,
            "lastDecisionDate",
            UpliftTable.lastClosedDecisionDate(table.computedAt()),
            "models",
            result.attempts().stream().map(AdminController::attempt).toList(),
            "churnModels",
            result.churnAttempts().stream().map(AdminController::attempt).toList()));
  }

  private static Map<String, Object> attempt(ChurnModelTraining.Attempt a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("appId", a.appId());
    m.put("status", a.status());
    m.put("version", a.version());
    m.put("promoted", a.promoted());
    m.put("reason", a.verdict() == null ? a.status() : a.verdict().reason());
    m.put("detail", a.detail());
    return m;
  }

  private static Map<String, Object> attempt(UpliftModelTraining.Attempt a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("appId", a.slot().appId());
    m.put("intervention", a.slot().intervention());
    m.put("status", a.status());
    m.put("version", a.version());
    m.put("promoted", a.promoted());
    m.put("reason", a.verdict() == null ? a.status() : a.verdict().reason());
    m.put("detail", a.detail());
    return m;
  }

  @GetMapping("/admin/bus")
  ResponseEntity<byte[]> bus() {
    return JsonResponses.ok(Map.of("topics", bus.stats(), "warehouseBacklog", warehouse.backlog()));
  }

  @GetMapping("/admin/bus/{topic}/dead-letters")
  ResponseEntity<byte[]> deadLetters(
      @PathVariable String topic, @RequestParam(defaultValue = "50") int limit) {
    return JsonResponses.ok(
        Map.of("deadLetters", bus.deadLetters(topic, Math.min(Math.max(limit, 1), 500))));
  }

  @PostMapping("/admin/bus/{topic}/redrive")
  ResponseEntity<byte[]> redrive(@PathVariable String topic) {
    return JsonResponses.ok(Map.of("redriven", bus.redrive(topic)));
  }

  private static ResponseEntity<byte[]> error(int status, ApiError error) {
    return JsonResponses.of(status, Map.of(), error.body());
  }
}
