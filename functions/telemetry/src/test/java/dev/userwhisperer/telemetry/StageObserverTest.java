package dev.userwhisperer.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.message.PipelineMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StageObserverTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PUBLISHER = "00f067aa0ba902b7";
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .build();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final StageObserver observer =
      new StageObserver(
          new PipelineTracing(sdk),
          new PipelineMetrics(registry),
          Clock.fixed(NOW, ZoneOffset.UTC));

  @AfterEach
  void close() {
    sdk.close();
  }

  @Test
  void aDeliveryRunsInAChildOfThePublishersSpanAndPublishesWithItsOwnContext() {
    AtomicReference<String> publishedWith = new AtomicReference<>();

    observer.consume(
        "decide",
        delivery("00-" + TRACE + "-" + PUBLISHER + "-01", NOW.minusMillis(250)),
        () -> {
          publishedWith.set(TraceContext.current());
          return List.<PipelineMessage>of();
        });

    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("decide");
    assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(span.getTraceId()).isEqualTo(TRACE);
    assertThat(span.getParentSpanId()).isEqualTo(PUBLISHER);
    assertThat(publishedWith.get()).isEqualTo("00-" + TRACE + "-" + span.getSpanId() + "-01");
    assertThat(
            registry
                .get(PipelineMetrics.STAGE_LAG)
                .tag("stage", "decide")
                .timer()
                .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isEqualTo(250.0);
    assertThat(
            registry
                .get(PipelineMetrics.STAGE_MESSAGES)
                .tags("stage", "decide", "outcome", "ack")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void aMessageWithoutTraceContextStartsATraceOfItsOwn() {
    observer.consume("analyze", delivery(null, NOW), List::of);

    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getParentSpanContext().isValid()).isFalse();
    assertThat(span.getTraceId()).isNotEqualTo(TRACE);
  }

  @Test
  void aFailingStageEndsItsSpanInErrorAndCountsTheDeliveryAsFailed() {
    assertThatThrownBy(
            () ->
                observer.consume(
                    "compose",
                    delivery(null, NOW),
                    () -> {
                      throw new IllegalStateException("store down");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(spans.getFinishedSpanItems().get(0).getStatus().getStatusCode())
        .isEqualTo(StatusCode.ERROR);
    assertThat(
            registry
                .get(PipelineMetrics.STAGE_MESSAGES)
                .tags("stage", "compose", "outcome", "error")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void outsideASpanNoTraceContextIsCarried() {
    assertThat(TraceContext.current()).isNull();
    assertThat(TraceContext.parent("not-a-traceparent"))
        .isEqualTo(io.opentelemetry.context.Context.root());
  }

  private static StageObserver.Delivery delivery(String traceparent, Instant publishedAt) {
    return new StageObserver.Delivery("signals", "m-1", 1, traceparent, publishedAt.toEpochMilli());
  }
}
