package dev.userwhisperer.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.ingest.ApiKeys;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.ApiKeyStore;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Each documented error of the public API, over real HTTP, with its exact status and body. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "whisperer.demo-api-key=" + PublicApiErrorsIT.KEY,
      "whisperer.ingest.events-per-second=1",
      "whisperer.ingest.burst=1000"
    })
class PublicApiErrorsIT {
  static final String KEY = "uw_errors_test_key";
  static final String READ_ONLY_KEY = "uw_read_only_key";
  static final String REVOKED_KEY = "uw_revoked_key";
  static final String THROTTLED_KEY = "uw_throttled_app_key";
  static final String EVENT = "{\"messageId\":\"m-1\",\"type\":\"user_login\",\"userId\":\"u-1\"}";

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("whisperer.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;

  @BeforeAll
  static void keys(@Autowired ApiKeyStore keys) {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    keys.save(
        new ApiKey(ApiKeys.hash(READ_ONLY_KEY), "demo", Set.of(ApiKey.PROFILES_READ), t, null));
    keys.save(
        new ApiKey(
            ApiKeys.hash(REVOKED_KEY), "demo", Set.of(ApiKey.EVENTS_WRITE), t, t.plusSeconds(60)));
    keys.save(
        new ApiKey(ApiKeys.hash(THROTTLED_KEY), "throttled", Set.of(ApiKey.EVENTS_WRITE), t, null));
  }

  private ApiClient as(String key) {
    return new ApiClient("http://localhost:" + port, key);
  }

  private static String error(String code, String message, String field) {
    return "{\"error\":{\"code\":\""
        + code
        + "\",\"message\":\""
        + message
        + "\",\"field\":"
        + (field == null ? "null" : "\"" + field + "\"")
        + "}}";
  }

  @Test
  void missingKeyIs401() {
    ApiClient.Response r = as(null).postEvents(EVENT);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body())
        .isEqualTo(
            error(
                "missing_api_key",
                "send the app's API key as 'Authorization: Bearer <key>'",
                null));
    assertThat(r.raw().headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
  }

  @Test
  void unknownKeyIs401() {
    ApiClient.Response r = as("uw_nobody").postEvents(EVENT);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body()).isEqualTo(error("invalid_api_key", "the API key is not known", null));
  }

  @Test
  void keyWithoutTheScopeIs403() {
    ApiClient.Response r = as(READ_ONLY_KEY).postEvents(EVENT);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body())
        .isEqualTo(error("insufficient_scope", "the API key lacks the scope 'events:write'", null));
  }

  @Test
  void revokedKeyIs403() {
    ApiClient.Response r = as(REVOKED_KEY).postEvents(EVENT);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body())
        .isEqualTo(
            error("api_key_revoked", "the API key was revoked at 2026-01-01T00:01:00Z", null));
  }

  @Test
  void nonJsonBodyIs415() {
    ApiClient.Response r =
        as(KEY)
            .send(
                as(KEY)
                    .request("/v1/events")
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString(EVENT)));
    assertThat(r.status()).isEqualTo(415);
    assertThat(r.body())
        .isEqualTo(error("unsupported_media_type", "Content-Type must be application/json", null));
  }

  @Test
  void bodyOverOneMebibyteIs413() {
    String padding = "x".repeat(1_048_576);
    ApiClient.Response r =
        as(KEY)
            .postEvents(
                "{\"messageId\":\"big\",\"type\":\"t\",\"userId\":\"u\",\"properties\":{\"p\":\""
                    + padding
                    + "\"}}");
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.body())
        .isEqualTo(
            error(
                "payload_too_large",
                "the body is larger than 1048576 bytes, the most accepted per request",
                null));
  }

  @Test
  void batchOfMoreThanAThousandIs413() {
    ApiClient.Response r = as(KEY).postEvents(batchOf("b", 1001));
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.body())
        .isEqualTo(
            error(
                "batch_too_large",
                "batch has 1001 events; at most 1000 are accepted per request",
                "/batch"));
  }

  @Test
  void unparseableBodyIs400() {
    ApiClient.Response r = as(KEY).postEvents("{\"messageId\":");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").get("code").asText()).isEqualTo("malformed_json");
  }

  @Test
  void bodyOfTheWrongShapeIs400() {
    ApiClient.Response r = as(KEY).postEvents("[1,2]");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body())
        .isEqualTo(
            error(
                "invalid_body",
                "the body must be one event object or {\\\"batch\\\": [events]}",
                null));
  }

  @Test
  void aBadEventIsRejectedWithItsPointerAndQuarantinedWhileTheGoodOneIsAccepted() {
    ApiClient.Response r =
        as(KEY)
            .postEvents(
                "{\"batch\":[{\"messageId\":\"ok-1\",\"type\":\"user_login\",\"userId\":\"u-9\"},"
                    + "{\"messageId\":\"bad-1\",\"type\":\"user_login\"}]}");

    assertThat(r.status()).isEqualTo(202);
    OpenApiResponses.check("/v1/events", "post", 202, r.json());
    assertThat(r.json().get("accepted").asInt()).isEqualTo(1);
    assertThat(r.json().get("rejected").asInt()).isEqualTo(1);
    var error = r.json().get("results").get(1).get("errors").get(0);
    assertThat(error.get("code").asText()).isEqualTo("missing_field");
    assertThat(error.get("field").asText()).isEqualTo("/batch/1/userId");

    ApiClient.Response quarantine = as(KEY).get("/v1/quarantine");
    assertThat(quarantine.status()).isEqualTo(200);
    OpenApiResponses.check("/v1/quarantine", "get", 200, quarantine.json());
    assertThat(quarantine.json().get("events").get(0).get("payload").asText())
        .isEqualTo("{\"messageId\":\"bad-1\",\"type\":\"user_login\"}");
  }

  @Test
  void moreEventsThanTheAppsBucketHoldsIs429WithRetryAfter() {
    assertThat(as(THROTTLED_KEY).postEvents(batchOf("r", 1000)).status()).isEqualTo(202);

    // the bucket refills at 1 event/s: a hundred more cannot fit for a long while
    ApiClient.Response r = as(THROTTLED_KEY).postEvents(batchOf("s", 100));

    assertThat(r.status()).isEqualTo(429);
    assertThat(r.json().get("error").get("code").asText()).isEqualTo("rate_limited");
    assertThat(r.raw().headers().firstValueAsLong("Retry-After").orElse(0)).isPositive();
  }

  private static String batchOf(String prefix, int size) {
    return IntStream.range(0, size)
        .mapToObj(
            i -> "{\"messageId\":\"" + prefix + "-" + i + "\",\"type\":\"t\",\"userId\":\"u\"}")
        .collect(Collectors.joining(",", "{\"batch\":[", "]}"));
  }

  @Test
  void unknownThingsAre404InTheSameShape() {
    assertThat(as(KEY).get("/v1/nothing-here").body())
        .isEqualTo(error("not_found", "no such endpoint: /v1/nothing-here", null));
    assertThat(as(KEY).get("/v1/users/nobody").body())
        .isEqualTo(error("unknown_user", "no profile for user nobody", null));
    assertThat(as(KEY).post("/v1/outbox/nothing/click").status()).isEqualTo(404);
    assertThat(as(null).post("/v1/outbox/nothing/click").status()).isEqualTo(401);
  }

  @Test
  void aLimitOutOfRangeIs400() {
    ApiClient.Response r = as(KEY).get("/v1/outbox?limit=0");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body())
        .isEqualTo(error("invalid_parameter", "limit must be between 1 and 500", "limit"));
  }

  @Test
  void anOutboxCursorThatIsNotAWholeNumberIs400() {
    String expected =
        error(
            "invalid_parameter",
            "after must be the seq of a message read before (a whole number, 0 or more)",
            "after");
    for (String bad : List.of("abc", "-1", "1.5", "")) {
      ApiClient.Response r = as(KEY).get("/v1/outbox?after=" + bad);
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.body()).as(bad).isEqualTo(expected);
    }
    assertThat(as(KEY).get("/v1/outbox?after=0").status()).isEqualTo(200);
  }

  @Test
  void adminEndpointsAreAbsentUnlessEnabled() {
    assertThat(as(KEY).post("/admin/clock/advance?by=P1D").status()).isEqualTo(404);
  }

  @Test
  void theSchemaAndTheDocsAreServed() {
    assertThat(as(null).get("/v1/schema").json().get("$id").asText()).contains("event");
    assertThat(as(null).get("/docs/openapi.yaml").body()).startsWith("openapi: 3.1");
    assertThat(as(null).get("/docs").status()).isEqualTo(200);
  }
}
