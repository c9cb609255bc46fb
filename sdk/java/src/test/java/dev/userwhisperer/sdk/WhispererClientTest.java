package dev.userwhisperer.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import dev.userwhisperer.sdk.generated.ApiException;
import dev.userwhisperer.sdk.generated.model.IngestResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a stub of the platform's ingest answers (the status codes, {@code Retry-After}
 * and bodies of the OpenAPI document).
 */
class WhispererClientTest {
  private static final String ACCEPTED =
      "{\"accepted\":1,\"duplicates\":0,\"rejected\":0,\"results\":"
          + "[{\"index\":0,\"messageId\":\"m\",\"status\":\"accepted\",\"errors\":[]}]}";
  private static final String RATE_LIMITED =
      "{\"error\":{\"code\":\"rate_limited\",\"message\":\"too many events\",\"field\":null}}";
  private static final String UNAVAILABLE =
      "{\"error\":{\"code\":\"unavailable\",\"message\":\"retry\",\"field\":null}}";

  private final WireMockServer platform = new WireMockServer(options().dynamicPort());
  private final List<List<Event>> sent = new CopyOnWriteArrayList<>();
  private final List<Exception> failures = new CopyOnWriteArrayList<>();
  private final Listener listener =
      new Listener() {
        @Override
        public void sent(List<Event> events, IngestResult result) {
          sent.add(events);
        }

        @Override
        public void failed(List<Event> events, Exception cause) {
          failures.add(cause);
        }
      };

  @BeforeEach
  void start() {
    platform.start();
  }

  @AfterEach
  void stop() {
    platform.stop();
  }

  private WhispererClient.Builder client() {
    return WhispererClient.builder("uw_wk_test")
        .endpoint(platform.baseUrl())
        .flushInterval(Duration.ofHours(1))
        .retryPolicy(new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(50)))
        .listener(listener);
  }

  @Test
  void a429IsResentAfterItsRetryAfterAndA503AgainWithTheSameGzippedEvents() {
    platform.stubFor(
        post("/v1/events")
            .inScenario("retry")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "1")
                    .withHeader("Content-Type", "application/json")
                    .withBody(RATE_LIMITED))
            .willSetStateTo("limited"));
    platform.stubFor(
        post("/v1/events")
            .inScenario("retry")
            .whenScenarioStateIs("limited")
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Content-Type", "application/json")
                    .withBody(UNAVAILABLE))
            .willSetStateTo("unavailable"));
    platform.stubFor(
        post("/v1/events")
            .inScenario("retry")
            .whenScenarioStateIs("unavailable")
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withHeader("Content-Type", "application/json")
                    .withBody(ACCEPTED)));

    try (WhispererClient whisperer = client().build()) {
      whisperer.track("user-42", "feature_used", Map.of("feature", "export_csv"));
      whisperer.identify("user-42", Map.of("plan", "pro"));
    }

    List<LoggedRequest> requests = platform.findAll(postRequestedFor(urlEqualTo("/v1/events")));
    assertThat(requests).hasSize(3);
    for (LoggedRequest r : requests) {
      assertThat(r.getHeader("Content-Encoding")).isEqualTo("gzip");
      assertThat(r.getHeader("Authorization")).isEqualTo("Bearer uw_wk_test");
    }
    JsonArray first = batch(requests.get(0));
    assertThat(first).hasSize(2);
    assertThat(first.get(0).getAsJsonObject().get("type").getAsString()).isEqualTo("feature_used");
    assertThat(batch(requests.get(1))).as("the same events, the same messageIds").isEqualTo(first);
    assertThat(batch(requests.get(2))).isEqualTo(first);
    Duration waited =
        Duration.between(
            requests.get(0).getLoggedDate().toInstant(),
            requests.get(1).getLoggedDate().toInstant());
    assertThat(waited).as("Retry-After: 1").isGreaterThanOrEqualTo(Duration.ofMillis(950));
    assertThat(sent).hasSize(1);
    assertThat(failures).isEmpty();
  }

  @Test
  void aRefusalThatResendingCannotFixIsReportedAndNotResent() {
    platform.stubFor(
        post("/v1/events")
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":\"invalid_api_key\",\"message\":\"no\","
                            + "\"field\":null}}")));

    try (WhispererClient whisperer = client().build()) {
      whisperer.track("user-42", "feature_used", Map.of());
    }

    assertThat(platform.findAll(postRequestedFor(urlEqualTo("/v1/events")))).hasSize(1);
    assertThat(failures)
        .singleElement()
        .satisfies(e -> assertThat(((ApiException) e).getCode()).isEqualTo(401));
  }

  @Test
  void serverErrorsAreRetriedUpToTheLimitThenReported() {
    platform.stubFor(post("/v1/events").willReturn(aResponse().withStatus(500)));

    try (WhispererClient whisperer = client().build()) {
      whisperer.track("user-42", "feature_used", Map.of());
    }

    assertThat(platform.findAll(postRequestedFor(urlEqualTo("/v1/events")))).hasSize(4);
    assertThat(failures).hasSize(1);
    assertThat(sent).isEmpty();
  }

  @Test
  void eventsGoOutInBatchesOfFlushAt() {
    platform.stubFor(
        post("/v1/events")
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withHeader("Content-Type", "application/json")
                    .withBody(ACCEPTED)));

    try (WhispererClient whisperer = client().flushAt(2).build()) {
      for (int i = 0; i < 5; i++) {
        whisperer.track("user-" + i, "page_viewed", Map.of());
      }
    }

    assertThat(platform.findAll(postRequestedFor(urlEqualTo("/v1/events"))))
        .extracting(r -> batch(r).size())
        .containsExactly(2, 2, 1);
  }

  @Test
  void theIntervalSendsWhatIsQueuedWithoutAFlush() throws InterruptedException {
    platform.stubFor(
        post("/v1/events")
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withHeader("Content-Type", "application/json")
                    .withBody(ACCEPTED)));

    WhispererClient whisperer = client().flushInterval(Duration.ofMillis(100)).build();
    whisperer.track("user-1", "page_viewed", Map.of());
    for (int i = 0; i < 50 && sent.isEmpty(); i++) {
      Thread.sleep(100);
    }
    assertThat(sent).hasSize(1);
    whisperer.close();
  }

  /** WireMock hands over a gzip body decompressed; its encoding is checked on the wire below. */
  private static JsonArray batch(LoggedRequest request) {
    return JsonParser.parseString(request.getBodyAsString())
        .getAsJsonObject()
        .getAsJsonArray("batch");
  }

  @Test
  void theBodyOnTheWireIsGzip() throws IOException {
    List<byte[]> bodies = new CopyOnWriteArrayList<>();
    HttpServer raw = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    raw.createContext(
        "/v1/events",
        exchange -> {
          assertThat(exchange.getRequestHeaders().getFirst("Content-Encoding")).isEqualTo("gzip");
          bodies.add(exchange.getRequestBody().readAllBytes());
          byte[] answer = ACCEPTED.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(202, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    raw.start();
    try (WhispererClient whisperer =
        client().endpoint("http://127.0.0.1:" + raw.getAddress().getPort()).build()) {
      whisperer.track("user-42", "feature_used", Map.of("feature", "export_csv"));
    } finally {
      raw.stop(0);
    }

    assertThat(bodies).hasSize(1);
    byte[] body = bodies.get(0);
    assertThat(body[0]).isEqualTo((byte) 0x1f);
    assertThat(body[1]).isEqualTo((byte) 0x8b);
    String json;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("batch"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getAsJsonObject().get("properties").toString())
                    .isEqualTo("{\"feature\":\"export_csv\"}"));
    assertThat(failures).isEmpty();
  }
}
