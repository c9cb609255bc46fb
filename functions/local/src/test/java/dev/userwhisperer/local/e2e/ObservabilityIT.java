package dev.userwhisperer.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The running platform observed from outside: one event is followed by its trace from the ingest
 * request to the message it caused, the pipeline's meters are scraped at {@code /metrics}, and the
 * liveness and readiness endpoints answer; every log line is a Cloud Logging JSON entry, linked to
 * its trace.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "whisperer.admin-enabled=true",
      "whisperer.admin-token=" + ApiClient.ADMIN_TOKEN,
      "whisperer.clock-start=2026-03-02T10:00:00Z",
      "whisperer.demo-api-key=" + ObservabilityIT.KEY,
      "whisperer.sweep-interval=1h",
      "logging.structured.format.console="
          + "dev.userwhisperer.local.observability.CloudLoggingFormat",
      "logging.level.dev.userwhisperer=DEBUG"
    })
@Import(ObservabilityIT.Spans.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIT {
  static final String KEY = "uw_observability_test_key";
  static final String ADA = LocalPlatformScenario.usersWhere(false, 1).get(0);
  static final String EMAIL = "countess.lovelace@example.org";
  static String ingestTraceId;
  static String loggedDuringTheRun;

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("whisperer.data-dir", () -> dataDir.toString());
  }

  @TestConfiguration
  static class Spans {
    @Bean
    InMemorySpanExporter inMemorySpanExporter() {
      return InMemorySpanExporter.create();
    }
  }

  @LocalServerPort int port;
  @Autowired InMemorySpanExporter spans;
  @Autowired OpenTelemetrySdk openTelemetry;

  ApiClient api() {
    return new ApiClient("http://localhost:" + port, KEY);
  }

  @Test
  @Order(1)
  void oneTraceFollowsAnEventFromIngestToTheMessageItCaused(CapturedOutput output) {
    ApiClient.Response accepted =
        api()
            .postEvents(
                """
                {"batch":[
                  {"messageId":"o-1","type":"identify","userId":"%s","timestamp":"2026-03-02T09:59:00Z",
                   "traits":{"email":"%s","timezone":"Europe/Paris","consent":{"email":true}}},
                  {"messageId":"o-2","type":"user_signup","userId":"%1$s","timestamp":"2026-03-02T10:00:00Z"}
                ]}
                """
                    .formatted(ADA, EMAIL));
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    api().drain();
    assertThat(outboxOf(ADA)).as("the welcome in the outbox").isNotEmpty();
    // a test's output is captured for that test only: keep it for the log test below
    loggedDuringTheRun = output.getOut();
    openTelemetry.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);

    List<SpanData> finished = spans.getFinishedSpanItems();
    SpanData ingest =
        finished.stream()
            .filter(s -> s.getName().equals("ingest") && s.getKind() == SpanKind.SERVER)
            .findFirst()
            .orElseThrow();
    ingestTraceId = ingest.getTraceId();
    List<SpanData> trace =
        finished.stream().filter(s -> s.getTraceId().equals(ingest.getTraceId())).toList();
    assertThat(trace)
        .extracting(SpanData::getName)
        .contains("ingest", "analyze", "decide", "compose", "deliver");

    Map<String, SpanData> byId =
        trace.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
    SpanData deliver =
        trace.stream().filter(s -> s.getName().equals("deliver")).findFirst().orElseThrow();
    assertThat(ancestry(deliver, byId))
        .as("deliver's parents, each the span that published the message")
        .containsExactly("deliver", "compose", "decide", "analyze", "ingest");
    assertThat(deliver.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(deliver.getAttributes().asMap().toString()).contains("outbound.email");
  }

  @Test
  @Order(2)
  void thePipelinesMetersAreScrapedInPrometheusFormat() {
    ApiClient.Response scrape = api().get("/metrics");
    assertThat(scrape.status()).isEqualTo(200);
    assertThat(scrape.raw().headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/plain");
    String text = scrape.body();
    assertThat(sample(text, "whisperer_ingest_events_total", "result=\"accepted\"")).isEqualTo(2.0);
    assertThat(
            sample(
                text, "whisperer_ingest_requests_seconds_count", "stage=\"ingest\",status=\"202\""))
        .isEqualTo(1.0);
    assertThat(sample(text, "whisperer_stage_lag_seconds_count", "stage=\"analyze\""))
        .isGreaterThanOrEqualTo(1.0);
    assertThat(sample(text, "whisperer_stage_messages_seconds_count", "stage=\"deliver\""))
        .isGreaterThanOrEqualTo(1.0);
    assertThat(sample(text, "whisperer_decisions_total", "outcome=\"send\""))
        .isGreaterThanOrEqualTo(1.0);
    assertThat(sample(text, "whisperer_compose_messages_total", "channel=\"email\""))
        .isGreaterThanOrEqualTo(1.0);
    assertThat(sample(text, "whisperer_deliveries_total", "channel=\"email\""))
        .isGreaterThanOrEqualTo(1.0);
    assertThat(sample(text, "whisperer_bus_backlog", "topic=\"events\"")).isEqualTo(0.0);
    assertThat(sample(text, "whisperer_bus_dead_letters", "topic=\"events\"")).isEqualTo(0.0);
    assertThat(text).as("no contact data in a label").doesNotContain(EMAIL);
  }

  @Test
  @Order(3)
  void livenessAndReadinessAnswer() {
    ApiClient.Response live = api().get("/healthz");
    assertThat(live.status()).isEqualTo(200);
    assertThat(live.json().get("status").asText()).isEqualTo("up");

    ApiClient.Response ready = api().get("/readyz");
    assertThat(ready.status()).as(ready.body()).isEqualTo(200);
    JsonNode checks = ready.json().get("checks");
    assertThat(checks.get("sqlite").asText()).isEqualTo("up");
    assertThat(checks.get("duckdb").asText()).isEqualTo("up");
    assertThat(checks.get("bus").asText()).isEqualTo("up");
  }

  @Test
  @Order(4)
  void logLinesAreCloudLoggingEntriesLinkedToTheTraceWithNoContactData() {
    List<JsonNode> entries =
        loggedDuringTheRun
            .lines()
            .filter(l -> l.startsWith("{"))
            .map(l -> Json.decode(l.getBytes(StandardCharsets.UTF_8), JsonNode.class))
            .toList();
    assertThat(entries).isNotEmpty().allSatisfy(e -> assertThat(e.has("severity")).isTrue());
    JsonNode ingested =
        entries.stream()
            .filter(e -> e.get("message").asText().startsWith("ingested app="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no ingest line among " + entries));
    assertThat(ingested.get("severity").asText()).isEqualTo("DEBUG");
    assertThat(ingested.get("logging.googleapis.com/trace").asText())
        .isEqualTo("projects/whisperer-local/traces/" + ingestTraceId);
    assertThat(loggedDuringTheRun).doesNotContain(EMAIL);
  }

  private List<JsonNode> outboxOf(String userId) {
    return StreamSupport.stream(api().get("/v1/outbox").json().get("messages").spliterator(), false)
        .filter(m -> m.get("message").get("userId").asText().equals(userId))
        .toList();
  }

  private static List<String> ancestry(SpanData span, Map<String, SpanData> byId) {
    List<String> names = new java.util.ArrayList<>();
    for (SpanData s = span; s != null; s = byId.get(s.getParentSpanId())) {
      names.add(s.getName());
    }
    return names;
  }

  /** The value of the one sample of {@code metric} whose labels contain {@code labels}. */
  private static double sample(String scrape, String metric, String labels) {
    List<Double> values =
        scrape
            .lines()
            .filter(l -> l.startsWith(metric + "{") && l.contains(labels))
            .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
            .toList();
    assertThat(values).as(metric + " " + labels + " in\n" + scrape).isNotEmpty();
    return values.stream().mapToDouble(Double::doubleValue).sum();
  }
}
