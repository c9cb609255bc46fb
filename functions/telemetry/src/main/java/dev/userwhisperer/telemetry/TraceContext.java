package dev.userwhisperer.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;

/**
 * The W3C trace context ({@code traceparent}) as a message attribute: what a publisher stores with
 * a message (on the local bus and in Pub/Sub's attributes) so that its consumer's span continues
 * the publisher's trace.
 */
public final class TraceContext {
  /** The attribute name, as W3C Trace Context names the header. */
  public static final String TRACEPARENT = "traceparent";

  private static final TextMapGetter<String> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
          return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
          return TRACEPARENT.equals(key) ? carrier : null;
        }
      };

  private TraceContext() {}

  /**
   * The {@code traceparent} of the span current on this thread, null when there is none (tracing
   * off, or no span started): messages published outside a trace carry no attribute.
   */
  public static String current() {
    SpanContext span = Span.current().getSpanContext();
    if (!span.isValid()) {
      return null;
    }
    return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
  }

  /**
   * The context whose span is the remote parent named by {@code traceparent}; the root context when
   * it is null or malformed (a consumer then starts a trace of its own).
   */
  public static Context parent(String traceparent) {
    if (traceparent == null || traceparent.isEmpty()) {
      return Context.root();
    }
    return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, GETTER);
  }
}
