package dev.userwhisperer.models.effect;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Refreshes in-process models ({@link XgboostTreatmentEffectModels}, the learned churn scorers) on
 * a daemon thread of its own every {@code period} of wall-clock time (infrastructure time, not
 * event time), so that a promoted model goes live without a restart and no decision waits for it. A
 * failing refresh is retried at the next period; the models in use stay as they were.
 */
public final class PeriodicRefresh implements AutoCloseable {
  private final ScheduledExecutorService executor;

  public PeriodicRefresh(Runnable refresh, Duration period) {
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive: " + period);
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "model-refresh");
              t.setDaemon(true);
              return t;
            });
    long millis = period.toMillis();
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            refresh.run();
          } catch (RuntimeException e) {
            // the directory could not be read (an I/O error): keep the models, retry next period
            Thread.currentThread()
                .getUncaughtExceptionHandler()
                .uncaughtException(Thread.currentThread(), e);
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
