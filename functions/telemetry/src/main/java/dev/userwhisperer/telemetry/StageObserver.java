package dev.userwhisperer.telemetry;

import dev.userwhisperer.core.message.PipelineMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * What the runtime (the local wiring or a Cloud Function entry point) wraps around each stage call:
 * one span and a few meters per HTTP request or bus message. Stages stay unaware of it.
 */
public final class StageObserver {
  private final PipelineTracing tracing;
  private final PipelineMetrics metrics;
  private final Clock clock;

  /**
   * @param clock the clock the bus stamps publication times with, to measure lag
   */
  public StageObserver(PipelineTracing tracing, PipelineMetrics metrics, Clock clock) {
    this.tracing = tracing;
    this.metrics = metrics;
    this.clock = clock;
  }

  public PipelineMetrics metrics() {
    return metrics;
  }

  /**
   * An HTTP stage's request, in a server span, timed and counted by HTTP status (and, for ingest,
   * by what became of its events).
   *
   * @param status the HTTP status of a response
   * @param body the body of a response, to count an ingest result's events
   */
  public <R, E extends Exception> R serve(
      String stage,
      ToIntFunction<R> status,
      Function<R, Object> body,
      PipelineTracing.Work<R, E> work)
      throws E {
    long start = System.nanoTime();
    R response = tracing.serve(stage, work);
    metrics.served(
        stage,
        status.applyAsInt(response),
        body.apply(response),
        Duration.ofNanos(System.nanoTime() - start));
    return response;
  }

  /**
   * One delivery of a bus message to {@code stage}: {@code work} runs the stage and publishes its
   * outputs, inside a span that continues the publisher's trace.
   *
   * @param publishedAtMillis when the message was published, by {@code clock}; 0 when unknown
   */
  public <E extends Exception> void consume(
      String stage,
      Delivery delivery,
      PipelineTracing.Work<List<? extends PipelineMessage>, E> work)
      throws E {
    long start = System.nanoTime();
    Duration lag =
        delivery.publishedAtMillis() > 0
            ? Duration.ofMillis(clock.millis() - delivery.publishedAtMillis())
            : Duration.ZERO;
    boolean acknowledged = false;
    try {
      List<? extends PipelineMessage> outputs =
          tracing.consume(
              stage,
              delivery.topic(),
              delivery.messageId(),
              delivery.attempt(),
              delivery.traceparent(),
              work);
      acknowledged = true;
      metrics.published(stage, outputs);
    } finally {
      metrics.handled(stage, lag, Duration.ofNanos(System.nanoTime() - start), acknowledged);
    }
  }

  /**
   * A bus message as delivered, as far as observation needs it.
   *
   * @param traceparent its {@link TraceContext#TRACEPARENT} attribute, null when it has none
   * @param publishedAtMillis its publication time in epoch milliseconds, 0 when unknown
   */
  public record Delivery(
      String topic, String messageId, int attempt, String traceparent, long publishedAtMillis) {}
}
