package dev.userwhisperer.local.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.telemetry.CloudLoggingTrace;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.core.env.Environment;

/**
 * One JSON object per log line in Cloud Logging's structured format: {@code severity}, {@code
 * message} (with the stack trace, which Error Reporting reads there), {@code time}, and {@code
 * logging.googleapis.com/trace} and {@code spanId} of the span current when the line was logged, so
 * that a line links to its trace. Switched on with {@code
 * logging.structured.format.console=dev.userwhisperer.local.observability.CloudLoggingFormat}.
 */
public final class CloudLoggingFormat implements StructuredLogFormatter<ILoggingEvent> {
  private final String project;

  public CloudLoggingFormat(Environment environment) {
    this(environment.getProperty("whisperer.gcp-project", "whisperer-local"));
  }

  CloudLoggingFormat(String project) {
    this.project = project;
  }

  @Override
  public String format(ILoggingEvent event) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
    line.put("severity", severity(event.getLevel()));
    String message = event.getFormattedMessage();
    if (event.getThrowableProxy() != null) {
      message = message + "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
    }
    line.put("message", message);
    line.put("logger", event.getLoggerName());
    line.put("thread", event.getThreadName());
    if (!event.getMDCPropertyMap().isEmpty()) {
      line.put("mdc", event.getMDCPropertyMap());
    }
    CloudLoggingTrace.addCurrent(line, project);
    return new String(Json.encode(line), StandardCharsets.UTF_8) + "\n";
  }

  static String severity(Level level) {
    return switch (level.toInt()) {
      case Level.ERROR_INT -> "ERROR";
      case Level.WARN_INT -> "WARNING";
      case Level.INFO_INT -> "INFO";
      default -> "DEBUG";
    };
  }
}
