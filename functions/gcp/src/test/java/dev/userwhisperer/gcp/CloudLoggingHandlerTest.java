package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.telemetry.TraceContext;
import io.opentelemetry.context.Scope;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CloudLoggingHandlerTest {
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Logger logger = Logger.getLogger("cloud-logging-handler-test");

  CloudLoggingHandlerTest() {
    logger.setUseParentHandlers(false);
    logger.addHandler(
        new CloudLoggingHandler(new PrintStream(out, true, StandardCharsets.UTF_8), "p1"));
  }

  @AfterEach
  void detach() {
    for (var h : logger.getHandlers()) {
      logger.removeHandler(h);
    }
  }

  private JsonNode onlyLine() {
    String written = out.toString(StandardCharsets.UTF_8);
    assertThat(written.lines()).hasSize(1);
    return Json.tree(written.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aLineLoggedUnderAMessagesTraceNamesItInCloudLoggingsFields() {
    try (Scope inTrace = TraceContext.parent(TRACEPARENT).makeCurrent()) {
      logger.warning("stage=decide messageId=m1: dead-lettered");
    }

    JsonNode line = onlyLine();
    assertThat(line.path("severity").asString()).isEqualTo("WARNING");
    assertThat(line.path("message").asString())
        .isEqualTo("stage=decide messageId=m1: dead-lettered");
    assertThat(line.path("logging.googleapis.com/trace").asString())
        .isEqualTo("projects/p1/traces/" + TRACE_ID);
    assertThat(line.path("logging.googleapis.com/spanId").asString()).isEqualTo("00f067aa0ba902b7");
    assertThat(line.path("logging.googleapis.com/trace_sampled").asBoolean()).isTrue();
    assertThat(line.path("logging.googleapis.com/sourceLocation").path("function").asString())
        .endsWith(
            "CloudLoggingHandlerTest.aLineLoggedUnderAMessagesTraceNamesItInCloudLoggingsFields");
  }

  @Test
  void aLineOutsideAnyTraceHasNoTraceField() {
    logger.info("started");

    JsonNode line = onlyLine();
    assertThat(line.path("severity").asString()).isEqualTo("INFO");
    assertThat(line.has("logging.googleapis.com/trace")).isFalse();
  }

  @Test
  void theStackTraceStaysInTheMessageOfOneLine() {
    logger.log(Level.SEVERE, "failed", new IllegalStateException("boom"));

    JsonNode line = onlyLine();
    assertThat(line.path("severity").asString()).isEqualTo("ERROR");
    assertThat(line.path("message").asString())
        .startsWith("failed\njava.lang.IllegalStateException: boom")
        .contains("at dev.userwhisperer.gcp.CloudLoggingHandlerTest");
  }

  @Test
  void onlyTheInvokersHandlerIsReplaced() {
    Logger root = Logger.getLogger("cloud-logging-handler-test-root");
    ConsoleHandler console = new ConsoleHandler();
    root.addHandler(console);
    try {
      assertThat(CloudLoggingHandler.replaceInvokersHandler(root, System.out, "p1")).isFalse();
      assertThat(root.getHandlers()).containsExactly(console);
    } finally {
      root.removeHandler(console);
    }
  }
}
