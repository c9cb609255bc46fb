package dev.userwhisperer.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.Map;

/**
 * The fields of a Cloud Logging structured log line that link it to a trace: {@value #TRACE}
 * ({@code projects/P/traces/TRACE_ID}), {@value #SPAN_ID} and {@value #SAMPLED}, of the span
 * current on the logging thread. Logs Explorer then shows the line under its trace, so one event
 * can be followed from ingest to its message.
 */
public final class CloudLoggingTrace {
  public static final String TRACE = "logging.googleapis.com/trace";
  public static final String SPAN_ID = "logging.googleapis.com/spanId";
  public static final String SAMPLED = "logging.googleapis.com/trace_sampled";

  private CloudLoggingTrace() {}

  /** Adds the current span's fields to {@code line}; nothing when no span is current. */
  public static void addCurrent(Map<String, Object> line, String project) {
    SpanContext span = Span.current().getSpanContext();
    if (span.isValid()) {
      line.put(TRACE, "projects/" + project + "/traces/" + span.getTraceId());
      line.put(SPAN_ID, span.getSpanId());
      line.put(SAMPLED, span.isSampled());
    }
  }
}
