package dev.userwhisperer.core.ingest;

import static dev.userwhisperer.core.testing.IngestFixture.APP;
import static dev.userwhisperer.core.testing.IngestFixture.NOW;
import static dev.userwhisperer.core.testing.IngestFixture.batch;
import static dev.userwhisperer.core.testing.IngestFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.QuarantinedEvent;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.core.port.Violation;
import dev.userwhisperer.core.testing.IngestFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IngestServiceTest {
  private final IngestFixture f = new IngestFixture();

  private static String json(IngestResponse response) {
    return Json.encodeToString(response.body());
  }

  private static String error(String code, String message, String field) {
    return Json.encodeToString(new ApiError(code, message, field).body());
  }

  private IngestResponse send(String authorization, String contentType, String body) {
    return f.service.handle(
        new IngestRequest(authorization, contentType, body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void errorBodyHasExactlyCodeMessageAndField() {
    assertThat(Json.encodeToString(ApiError.of("x", "y").body()))
        .isEqualTo("{\"error\":{\"code\":\"x\",\"message\":\"y\",\"field\":null}}");
  }

  @Test
  void missingAuthorizationIs401MissingApiKey() {
    IngestResponse r = send(null, "application/json", event("m1", "u1"));
    assertThat(r.status()).isEqualTo(401);
    assertThat(json(r))
        .isEqualTo(
            error(
                "missing_api_key",
                "send the app's API key as 'Authorization: Bearer <key>'",
                null));
    assertThat(r.headers()).containsEntry("Content-Type", "application/json");
  }

  @Test
  void unknownKeyIs401InvalidApiKey() {
    IngestResponse r = send("Bearer uw_nope", "application/json", event("m1", "u1"));
    assertThat(r.status()).isEqualTo(401);
    assertThat(json(r)).isEqualTo(error("invalid_api_key", "the API key is not known", null));
  }

  @Test
  void nonBearerSchemeIs401InvalidApiKey() {
    IngestResponse r = send("Basic " + f.key, "application/json", event("m1", "u1"));
    assertThat(r.status()).isEqualTo(401);
    assertThat(json(r))
        .isEqualTo(
            error("invalid_api_key", "the Authorization header must be 'Bearer <key>'", null));
  }

  @Test
  void revokedKeyIs403ApiKeyRevoked() {
    String revoked = f.addKey(APP, Set.of(ApiKey.EVENTS_WRITE), NOW.minusSeconds(60));
    IngestResponse r = send("Bearer " + revoked, "application/json", event("m1", "u1"));
    assertThat(r.status()).isEqualTo(403);
    assertThat(json(r))
        .isEqualTo(
            error("api_key_revoked", "the API key was revoked at 2026-03-02T09:59:00Z", null));
  }

  @Test
  void keyWithoutEventsWriteIs403InsufficientScope() {
    String readOnly = f.addKey(APP, Set.of(ApiKey.PROFILES_READ), null);
    IngestResponse r = send("Bearer " + readOnly, "application/json", event("m1", "u1"));
    assertThat(r.status()).isEqualTo(403);
    assertThat(json(r))
        .isEqualTo(error("insufficient_scope", "the API key lacks the scope 'events:write'", null));
  }

  @Test
  void nonJsonContentTypeIs415() {
    IngestResponse r = send("Bearer " + f.key, "text/plain", event("m1", "u1"));
    assertThat(r.status()).isEqualTo(415);
    assertThat(json(r))
        .isEqualTo(error("unsupported_media_type", "Content-Type must be application/json", null));
    assertThat(send("Bearer " + f.key, null, event("m1", "u1")).status()).isEqualTo(415);
  }

  @Test
  void charsetParameterIsAccepted() {
    IngestResponse r =
        send("Bearer " + f.key, "Application/JSON; charset=utf-8", event("m1", "u1"));
    assertThat(r.status()).isEqualTo(202);
  }

  @Test
  void authIsCheckedBeforeMediaType() {
    assertThat(send(null, "text/plain", "nope").status()).isEqualTo(401);
  }

  @Test
  void bodyOverOneMebibyteIs413PayloadTooLarge() {
    byte[] body = new byte[IngestService.MAX_BODY_BYTES + 1];
    Arrays.fill(body, (byte) ' ');
    IngestResponse r =
        f.service.handle(new IngestRequest("Bearer " + f.key, "application/json", body));
    assertThat(r.status()).isEqualTo(413);
    assertThat(json(r))
        .isEqualTo(
            error(
                "payload_too_large",
                "the body is larger than 1048576 bytes, the most accepted per request",
                null));
  }

  @Test
  void bodyOfExactlyOneMebibyteIsAccepted() {
    String event = event("m1", "u1");
    String padded = event + " ".repeat(IngestService.MAX_BODY_BYTES - event.length());
    assertThat(f.service.handle(f.post(padded)).status()).isEqualTo(202);
    assertThat(f.quarantine.list(APP, 1)).isEmpty();
  }

  @Test
  void aThousandEventsAreAccepted() {
    String body =
        batch(
            IntStream.range(0, 1000)
                .mapToObj(i -> event("m" + i, "u" + i % 7))
                .toArray(String[]::new));
    IngestResponse r = f.service.handle(f.post(body));
    assertThat(json(r)).startsWith("{\"accepted\":1000,\"duplicates\":0,\"rejected\":0,");
    assertThat(f.bus.published()).hasSize(7);
  }

  @Test
  void moreThanAThousandEventsIs413BatchTooLarge() {
    String body =
        batch(IntStream.range(0, 1001).mapToObj(i -> event("m" + i, "u")).toArray(String[]::new));
    IngestResponse r = f.service.handle(f.post(body));
    assertThat(r.status()).isEqualTo(413);
    assertThat(json(r))
        .isEqualTo(
            error(
                "batch_too_large",
                "batch has 1001 events; at most 1000 are accepted per request",
                "/batch"));
    assertThat(f.bus.published()).isEmpty();
  }

  @Test
  void unparseableBodyIs400MalformedJson() {
    IngestResponse r = f.service.handle(f.post("{\"messageId\":"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(Json.tree(Json.encode(r.body())).at("/error/code").asString())
        .isEqualTo("malformed_json");
    assertThat(json(r))
        .startsWith(
            "{\"error\":{\"code\":\"malformed_json\",\"message\":\"the body is not valid JSON: ");
    assertThat(json(r)).endsWith("\",\"field\":null}}");
    assertThat(json(f.service.handle(f.post(""))))
        .startsWith("{\"error\":{\"code\":\"malformed_json\"");
    assertThat(json(f.service.handle(f.post("  \n"))))
        .startsWith("{\"error\":{\"code\":\"malformed_json\"");
    assertThat(json(f.service.handle(f.post(event("m1", "u1") + " {}"))))
        .startsWith("{\"error\":{\"code\":\"malformed_json\"");
  }

  @Test
  void bodyThatIsNotAnObjectIs400InvalidBody() {
    IngestResponse r = f.service.handle(f.post("[" + event("m1", "u1") + "]"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(json(r))
        .isEqualTo(
            error(
                "invalid_body",
                "the body must be one event object or {\"batch\": [events]}",
                null));
  }

  @Test
  void emptyOrNonArrayBatchIs400InvalidBody() {
    String expected = error("invalid_body", "batch must be an array of 1 to 1000 events", "/batch");
    for (String body : List.of("{\"batch\":[]}", "{\"batch\":{}}", "{\"batch\":null}")) {
      IngestResponse r = f.service.handle(f.post(body));
      assertThat(r.status()).as(body).isEqualTo(400);
      assertThat(json(r)).as(body).isEqualTo(expected);
    }
  }

  @Test
  void exhaustedBucketIs429WithRetryAfterInWholeSeconds() {
    IngestFixture limited = new IngestFixture(2, 3);
    String three = batch(event("a", "u"), event("b", "u"), event("c", "u"));
    assertThat(limited.service.handle(limited.post(three)).status()).isEqualTo(202);

    IngestResponse r =
        limited.service.handle(limited.post(batch(event("d", "u"), event("e", "u"))));
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.headers()).containsEntry("Retry-After", "1");
    assertThat(json(r))
        .isEqualTo(error("rate_limited", "too many events for this app; retry after 1 s", null));

    limited.nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(
            limited.service.handle(limited.post(batch(event("d", "u"), event("e", "u")))).status())
        .isEqualTo(202);
  }

  @Test
  void rateLimitIgnoresThePlatformClock() {
    IngestFixture limited = new IngestFixture(1, 1);
    assertThat(limited.service.handle(limited.post(event("a", "u"))).status()).isEqualTo(202);
    limited.clock.advance(Duration.ofDays(30));
    assertThat(limited.service.handle(limited.post(event("b", "u"))).status()).isEqualTo(429);
  }

  @Test
  void singleValidEventIsAcceptedPublishedAndRemembered() {
    IngestResponse r = f.service.handle(f.post(event("m1", "u1")));

    assertThat(r.status()).isEqualTo(202);
    assertThat(json(r))
        .isEqualTo(
            "{\"accepted\":1,\"duplicates\":0,\"rejected\":0,\"results\":"
                + "[{\"index\":0,\"messageId\":\"m1\",\"status\":\"accepted\",\"errors\":[]}]}");
    UserEventBatch published = f.bus.published(UserEventBatch.class).get(0);
    assertThat(published.appId()).isEqualTo(APP);
    assertThat(published.userId()).isEqualTo("u1");
    Event e = published.events().get(0);
    assertThat(e.timestamp()).isEqualTo(NOW);
    assertThat(e.receivedAt()).isEqualTo(NOW);
    assertThat(e.properties()).isEqualTo(Map.of("feature", "export"));
    assertThat(f.dedup.isAccepted(APP, "m1")).isTrue();
  }

  @Test
  void duplicateBatchIsAcceptedOnceAndPublishedOnce() {
    String body = batch(event("m1", "u1"), event("m2", "u1"));
    IngestResponse first = f.service.handle(f.post(body));
    IngestResponse second = f.service.handle(f.post(body));

    assertThat(json(first)).startsWith("{\"accepted\":2,\"duplicates\":0,\"rejected\":0,");
    assertThat(json(second))
        .isEqualTo(
            "{\"accepted\":0,\"duplicates\":2,\"rejected\":0,\"results\":["
                + "{\"index\":0,\"messageId\":\"m1\",\"status\":\"duplicate\",\"errors\":[]},"
                + "{\"index\":1,\"messageId\":\"m2\",\"status\":\"duplicate\",\"errors\":[]}]}");
    assertThat(f.bus.published()).hasSize(1);
    assertThat(f.bus.published(UserEventBatch.class).get(0).events()).hasSize(2);
  }

  @Test
  void repeatedMessageIdWithinABatchIsADuplicate() {
    IngestResponse r = f.service.handle(f.post(batch(event("m1", "u1"), event("m1", "u1"))));

    assertThat(json(r))
        .isEqualTo(
            "{\"accepted\":1,\"duplicates\":1,\"rejected\":0,\"results\":["
                + "{\"index\":0,\"messageId\":\"m1\",\"status\":\"accepted\",\"errors\":[]},"
                + "{\"index\":1,\"messageId\":\"m1\",\"status\":\"duplicate\",\"errors\":[]}]}");
    assertThat(f.bus.published(UserEventBatch.class).get(0).events()).hasSize(1);
  }

  @Test
  void messageIdsAreDedupedPerApp() {
    f.service.handle(f.post(event("m1", "u1")));
    String other = f.addKey("app-2", Set.of(ApiKey.EVENTS_WRITE), null);
    IngestResponse r =
        f.service.handle(
            new IngestRequest(
                "Bearer " + other,
                "application/json",
                event("m1", "u1").getBytes(StandardCharsets.UTF_8)));
    assertThat(json(r)).startsWith("{\"accepted\":1,");
  }

  @Test
  void rejectedEventIsQuarantinedWithItsOriginalTextAndPointer() {
    String bad = "{ \"messageId\": \"m2\", \"type\": \"feature_used\" }";
    IngestResponse r = f.service.handle(f.post(batch(event("m1", "u1"), bad)));

    assertThat(r.status()).isEqualTo(202);
    assertThat(json(r))
        .isEqualTo(
            "{\"accepted\":1,\"duplicates\":0,\"rejected\":1,\"results\":["
                + "{\"index\":0,\"messageId\":\"m1\",\"status\":\"accepted\",\"errors\":[]},"
                + "{\"index\":1,\"messageId\":\"m2\",\"status\":\"rejected\",\"errors\":["
                + "{\"code\":\"missing_field\",\"field\":\"/batch/1/userId\","
                + "\"message\":\"userId or anonymousId is required\"}]}]}");

    QuarantinedEvent q = f.quarantine.list(APP, 10).get(0);
    assertThat(q.payload()).isEqualTo(bad);
    assertThat(q.messageId()).isEqualTo("m2");
    assertThat(q.receivedAt()).isEqualTo(NOW);
    assertThat(q.violations())
        .containsExactly(
            new Violation("missing_field", "/batch/1/userId", "userId or anonymousId is required"));
    List<Map<String, Object>> rows = f.warehouse.rows(Table.QUARANTINED_EVENTS);
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0))
        .containsEntry("quarantine_id", q.quarantineId())
        .containsEntry("payload", bad)
        .containsEntry("app_id", APP);
    assertThat(f.dedup.isAccepted(APP, "m2")).isFalse();
  }

  @Test
  void rejectedSingleEventCarriesRootPointersAndNoMessageIdWhenMissing() {
    IngestResponse r = f.service.handle(f.post("{\"type\":\"x\",\"userId\":\"u\"}"));
    assertThat(json(r))
        .isEqualTo(
            "{\"accepted\":0,\"duplicates\":0,\"rejected\":1,\"results\":["
                + "{\"index\":0,\"messageId\":null,\"status\":\"rejected\",\"errors\":["
                + "{\"code\":\"missing_field\",\"field\":\"/messageId\","
                + "\"message\":\"required property 'messageId' not found\"}]}]}");
    assertThat(f.quarantine.list(APP, 10)).hasSize(1);
    assertThat(f.bus.published()).isEmpty();
  }

  @Test
  void nonObjectBatchElementIsRejectedNotTheWholeRequest() {
    IngestResponse r = f.service.handle(f.post(batch(event("m1", "u1"), "42")));
    assertThat(json(r))
        .contains(
            "{\"index\":1,\"messageId\":null,\"status\":\"rejected\",\"errors\":["
                + "{\"code\":\"invalid_type\",\"field\":\"/batch/1\",\"message\":\"an event must be a JSON object\"}]}");
    assertThat(f.quarantine.list(APP, 10).get(0).payload()).isEqualTo("42");
  }

  @Test
  void quarantineIdsAreDeterministicSoARetriedRequestAddsNoRows() {
    String body = batch("{\"messageId\":\"m1\"}", "{\"messageId\":\"m1\"}");
    f.service.handle(f.post(body));
    f.service.handle(f.post(body));
    List<QuarantinedEvent> all = f.quarantine.list(APP, 10);
    assertThat(all).hasSize(4);
    assertThat(all.stream().map(QuarantinedEvent::quarantineId).distinct()).hasSize(2);
    assertThat(f.warehouse.rows(Table.QUARANTINED_EVENTS)).hasSize(2);
  }

  @Test
  void futureTimestampIsRejected() {
    String future =
        "{\"messageId\":\"m1\",\"type\":\"x\",\"userId\":\"u\",\"timestamp\":\""
            + NOW.plus(Duration.ofHours(25))
            + "\"}";
    IngestResponse r = f.service.handle(f.post(future));
    assertThat(json(r))
        .contains(
            "{\"code\":\"timestamp_in_future\",\"field\":\"/timestamp\","
                + "\"message\":\"timestamp is more than 24 hours after the time received (2026-03-02T10:00:00Z)\"}");
  }

  @Test
  void eventTimeIsTakenFromTimestampWithOffset() {
    f.service.handle(
        f.post(
            "{\"messageId\":\"m1\",\"type\":\"x\",\"userId\":\"u\","
                + "\"timestamp\":\"2026-03-02T08:00:00+02:00\"}"));
    Event e = f.bus.published(UserEventBatch.class).get(0).events().get(0);
    assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-03-02T06:00:00Z"));
    assertThat(e.receivedAt()).isEqualTo(NOW);
  }

  @Test
  void acceptedEventsAreGroupedIntoOneBatchPerUser() {
    String body =
        batch(
            event("m1", "alice"),
            event("m2", "bob"),
            event("m3", "alice"),
            "{\"messageId\":\"m4\",\"type\":\"page_viewed\",\"anonymousId\":\"dev-9\"}",
            event("m5", "bob"));
    f.service.handle(f.post(body));

    List<UserEventBatch> batches = f.bus.published(UserEventBatch.class);
    assertThat(batches).hasSize(3);
    Map<String, List<String>> idsByUser =
        batches.stream()
            .collect(
                Collectors.toMap(
                    UserEventBatch::userId,
                    b -> b.events().stream().map(Event::messageId).toList()));
    assertThat(idsByUser)
        .isEqualTo(
            Map.of(
                "alice",
                List.of("m1", "m3"),
                "bob",
                List.of("m2", "m5"),
                "anon:dev-9",
                List.of("m4")));
    assertThat(batches)
        .extracting(UserEventBatch::orderingKey)
        .containsExactly("app-1/alice", "app-1/bob", "app-1/anon:dev-9");
  }

  @Test
  void publishFailureIs503AndNothingIsRemembered() {
    var failing =
        new dev.userwhisperer.core.port.EventBus() {
          @Override
          public void publish(
              List<? extends dev.userwhisperer.core.message.PipelineMessage> messages) {
            throw new TransientFailure("bus down");
          }
        };
    IngestService service =
        new IngestService(
            f.keys,
            new EventRateLimiter(100, 100, f.nanos::get),
            failing,
            f.dedup,
            f.quarantine,
            f.warehouse,
            f.clock);

    IngestResponse r = service.handle(f.post(event("m1", "u1")));

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.headers()).containsEntry("Retry-After", "1");
    assertThat(json(r))
        .isEqualTo(
            error("unavailable", "events could not be stored; retry the same request", null));
    assertThat(f.dedup.isAccepted(APP, "m1")).isFalse();
    assertThat(f.service.handle(f.post(event("m1", "u1"))).status()).isEqualTo(202);
    assertThat(f.bus.published()).hasSize(1);
  }

  @Test
  void nullTopLevelPropertyValuesAreDropped() {
    f.service.handle(
        f.post(
            "{\"messageId\":\"m1\",\"type\":\"x\",\"userId\":\"u\","
                + "\"properties\":{\"a\":null,\"b\":{\"c\":null}}}"));
    Event e = f.bus.published(UserEventBatch.class).get(0).events().get(0);
    assertThat(e.properties()).containsOnlyKeys("b");
  }
}
