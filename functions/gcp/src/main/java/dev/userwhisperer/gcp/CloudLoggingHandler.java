package dev.userwhisperer.gcp;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.telemetry.CloudLoggingTrace;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * A function's log lines as Cloud Logging's structured JSON, one object per line on standard
 * output, as the Functions Framework's own handler writes them ({@code severity}, {@code message}
 * with the stack trace, {@code logging.googleapis.com/sourceLocation}), plus the trace of the span
 * current on the logging thread ({@link CloudLoggingTrace}): inside a stage, the trace the Pub/Sub
 * message's {@code traceparent} attribute or the HTTP request's header continues. The framework's
 * handler has no trace field, so {@link #replaceInvokersHandler} puts this one in its place.
 */
final class CloudLoggingHandler extends Handler {
  /** What the Functions Framework's invoker puts on the root logger when run on Google Cloud. */
  static final String INVOKERS_HANDLER = "com.google.cloud.functions.invoker.gcf.JsonLogHandler";

  static final String SOURCE_LOCATION = "logging.googleapis.com/sourceLocation";

  private final PrintStream out;
  private final String project;
  private final SimpleFormatter formatter = new SimpleFormatter();

  CloudLoggingHandler(PrintStream out, String project) {
    this.out = out;
    this.project = project;
  }

  /**
   * Replaces the invoker's JSON handler on the root logger by one that adds the trace, writing
   * where the invoker's wrote (standard output); leaves every other handler (a test's, a
   * developer's console) alone.
   *
   * @return whether a handler was replaced
   */
  static boolean replaceInvokersHandler(Logger root, PrintStream out, String project) {
    boolean replaced = false;
    for (Handler handler : root.getHandlers()) {
      if (handler.getClass().getName().equals(INVOKERS_HANDLER)) {
        root.removeHandler(handler);
        replaced = true;
      }
    }
    if (replaced) {
      root.addHandler(new CloudLoggingHandler(out, project));
    }
    return replaced;
  }

  @Override
  public void publish(LogRecord record) {
    if (!isLoggable(record)) {
      return;
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("severity", severity(record.getLevel()));
    String message = formatter.formatMessage(record);
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      message = message + "\n" + trace;
    }
    line.put("message", message);
    line.put("time", record.getInstant().toString());
    if (record.getSourceClassName() != null) {
      Map<String, Object> source = new LinkedHashMap<>();
      source.put("file", record.getSourceClassName().replace('.', '/') + ".java");
      if (record.getSourceMethodName() != null) {
        source.put("function", record.getSourceClassName() + "." + record.getSourceMethodName());
      }
      line.put(SOURCE_LOCATION, source);
    }
    CloudLoggingTrace.addCurrent(line, project);
    out.println(Json.encodeToString(line));
  }

  /** As the Functions Framework maps them. */
  static String severity(Level level) {
    int value = level.intValue();
    if (value >= Level.SEVERE.intValue()) {
      return "ERROR";
    }
    if (value >= Level.WARNING.intValue()) {
      return "WARNING";
    }
    if (value >= Level.INFO.intValue()) {
      return "INFO";
    }
    return "DEBUG";
  }

  @Override
  public void flush() {
    out.flush();
  }

  @Override
  public void close() {
    flush();
  }
}
