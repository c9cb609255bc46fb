package dev.userwhisperer.local;

import dev.userwhisperer.core.schedule.Sweeper;
import dev.userwhisperer.core.schedule.Sweeper.SweepReport;
import dev.userwhisperer.local.bus.PipelineBus;
import dev.userwhisperer.local.time.SimulatedClock;
import dev.userwhisperer.local.warehouse.BufferedWarehouse;
import dev.userwhisperer.models.effect.DailyLearning;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Runs the sweep (inactivity, trial ending, deferred sends) on a real-time interval, as Cloud
 * Scheduler does on Google Cloud, and moves the simulated clock forward for tests and simulations.
 * The daily learning (the uplift table, then the per-user uplift models) runs at the first tick of
 * each platform-clock day (UTC), as the daily {@code learn} job does on Google Cloud.
 */
@Component
public class SweepControl implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(SweepControl.class);

  /** Time moves in steps no longer than this, so scheduled work fires close to when it was due. */
  static final Duration STEP = Duration.ofMinutes(15);

  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(2);

  private final Sweeper sweeper;
  private final DailyLearning learning;
  private final SimulatedClock clock;
  private final PipelineBus bus;
  private final BufferedWarehouse warehouse;
  private final LocalProperties properties;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "sweep"));

  private LocalDate learnedOn;

  SweepControl(
      Sweeper sweeper,
      DailyLearning learning,
      SimulatedClock clock,
      PipelineBus bus,
      BufferedWarehouse warehouse,
      LocalProperties properties) {
    this.sweeper = sweeper;
    this.learning = learning;
    this.clock = clock;
    this.bus = bus;
    this.warehouse = warehouse;
    this.properties = properties;
  }

  /** Starts the timer, unless the platform is reproducible: then only an advance sweeps. */
  @EventListener(ApplicationReadyEvent.class)
  void start() {
    if (properties.reproducible()) {
      return;
    }
    long millis = properties.sweepInterval().toMillis();
    timer.scheduleWithFixedDelay(this::sweepOnTimer, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Publishes everything due as of now. */
  public synchronized SweepReport sweepNow() {
    return sweeper.run(clock.instant());
  }

  /**
   * Learns from the warehouse now, on demand (the uplift table, then every model with enough data
   * retrained and judged, due or not), after moving its buffered rows to DuckDB: it learns from
   * everything recorded so far, not from what the last timed flush happened to move.
   */
  public synchronized DailyLearning.Result learnNow() {
    return learn(true);
  }

  private DailyLearning.Result learn(boolean retrainAll) {
    warehouse.flush();
    DailyLearning.Result result = retrainAll ? learning.retrainAll() : learning.run();
    learnedOn = LocalDate.ofInstant(result.table().computedAt(), ZoneOffset.UTC);
    return result;
  }

  /** Learns unless it learned on the platform clock's day already. */
  synchronized void learnIfDue() {
    if (!LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).equals(learnedOn)) {
      DailyLearning.Result result = learn(false);
      DailyLearning.Elapsed elapsed = result.elapsed();
      log.info(
          "learned for {} in {} ms: uplift table {} ms ({} cells), uplift models {} ms, churn"
              + " models {} ms",
          learnedOn,
          elapsed.total().toMillis(),
          elapsed.table().toMillis(),
          result.table().cells().size(),
          elapsed.uplift().toMillis(),
          elapsed.churn().toMillis());
      result
          .attempts()
          .forEach(
              a ->
                  log.info(
                      "uplift model of app {} intervention {}: {} {} ({})",
                      a.slot().appId(),
                      a.slot().intervention(),
                      a.status(),
                      a.version() == null ? "" : a.version(),
                      a.detail()));
      result
          .churnAttempts()
          .forEach(
              a ->
                  log.info(
                      "churn model of app {}: {} {} ({})",
                      a.appId(),
                      a.status(),
                      a.version() == null ? "" : a.version(),
                      a.detail()));
    }
  }

  /**
   * Moves the clock forward by {@code by} in steps of at most {@link #STEP}; at each step the sweep
   * runs (and the uplift refresh, on a new day) and the pipeline drains, so that what one step's
   * work schedules can fire in a later step, as it would in real time.
   *
   * @return what the sweeps did
   * @throws IllegalStateException if the pipeline does not drain within two minutes at some step
   */
  public synchronized SweepReport advance(Duration by) throws InterruptedException {
    SweepReport total = SweepReport.NONE;
    Duration left = by;
    while (!left.isZero()) {
      Duration step = left.compareTo(STEP) > 0 ? STEP : left;
      clock.advance(step);
      left = left.minus(step);
      total = total.plus(sweepNow());
      learnIfDue();
      if (!bus.awaitIdle(DRAIN_TIMEOUT)) {
        throw new IllegalStateException(
            "the pipeline did not drain within " + DRAIN_TIMEOUT + ": " + bus.stats());
      }
    }
    return total;
  }

  private void sweepOnTimer() {
    try {
      SweepReport report = sweepNow();
      if (report.tasks() > 0) {
        log.info("sweep: {}", report);
      }
    } catch (RuntimeException e) {
      // the tasks stay due, so the next tick retries them
      log.warn("sweep failed; the next tick retries", e);
    }
    try {
      learnIfDue();
    } catch (RuntimeException e) {
      // learnedOn stays as it was, so the next tick retries
      log.warn("uplift refresh failed; the next tick retries", e);
    }
  }

  @Override
  public void destroy() {
    timer.shutdownNow();
  }
}
