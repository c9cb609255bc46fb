package dev.userwhisperer.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.List;

/**
 * One span per request or per bus message (a batch of events), never per event: the ingest hot path
 * pays one span per request. A span is current while its work runs, so what the work publishes
 * carries its {@link TraceContext} and the next stage's span joins the same trace.
 */
public final class PipelineTracing {
  public static final String INSTRUMENTATION = "dev.userwhisperer.pipeline";

  private final Tracer tracer;

  public PipelineTracing(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer(INSTRUMENTATION);
  }

  /**
   * The SDK both runtimes trace with: W3C trace context, {@code parentbased(traceidratio)} sampling
   * (a trace is decided where it begins, so it is whole or absent), spans exported in batches to
   * each of {@code exporters}.
   *
   * @param service the {@code service.name} of the spans
   */
  public static OpenTelemetrySdk sdk(
      String service, double sampleRatio, List<? extends SpanExporter> exporters) {
    SdkTracerProviderBuilder tracers =
        SdkTracerProvider.builder()
            .setResource(Resource.getDefault().toBuilder().put("service.name", service).build())
            .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(sampleRatio)));
    exporters.forEach(e -> tracers.addSpanProcessor(BatchSpanProcessor.builder(e).build()));
    return OpenTelemetrySdk.builder()
        .setTracerProvider(tracers.build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
  }

  /** Work that may throw anything; the span records the failure and the caller sees it. */
  @FunctionalInterface
  public interface Work<T, E extends Exception> {
    T run() throws E;
  }

  /** An HTTP request of an HTTP stage ({@code ingest}, {@code segmentIngest}, {@code feedback}). */
  public <T, E extends Exception> T serve(String stage, Work<T, E> work) throws E {
    return inSpan(
        tracer
            .spanBuilder(stage)
            .setSpanKind(SpanKind.SERVER)
            .setParent(Context.current())
            .setAttribute("whisperer.stage", stage)
            .startSpan(),
        work);
  }

  /**
   * One delivery of a bus message to {@code stage}, as a child of the span that published it.
   *
   * @param traceparent the message's {@link TraceContext#TRACEPARENT} attribute, may be null
   */
  public <T, E extends Exception> T consume(
      String stage,
      String topic,
      String messageId,
      int attempt,
      String traceparent,
      Work<T, E> work)
      throws E {
    return inSpan(
        tracer
            .spanBuilder(stage)
            .setSpanKind(SpanKind.CONSUMER)
            .setParent(TraceContext.parent(traceparent))
            .setAttribute("whisperer.stage", stage)
            .setAttribute("messaging.destination.name", topic)
            .setAttribute("messaging.message.id", messageId)
            .setAttribute("messaging.delivery_attempt", attempt)
            .startSpan(),
        work);
  }

  private static <T, E extends Exception> T inSpan(Span span, Work<T, E> work) throws E {
    try (Scope ignored = span.makeCurrent()) {
      return work.run();
    } catch (Exception | Error e) {
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      span.recordException(e);
      throw e;
    } finally {
      span.end();
    }
  }
}
