package dev.userwhisperer.core.ingest;

import static dev.userwhisperer.core.testing.IngestFixture.APP;
import static dev.userwhisperer.core.testing.IngestFixture.batch;
import static dev.userwhisperer.core.testing.IngestFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.EventBus;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.core.testing.IngestFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The input contract of {@code POST /v1/events}: what is accepted is stored exactly as sent, and
 * anything that could not be is refused with a code and a pointer. Each case was once accepted and
 * then lost or altered.
 */
class IngestInputContractTest {
  private final IngestFixture f = new IngestFixture();

  private IngestResponse post(byte[] body) {
    return f.service.handle(new IngestRequest("Bearer " + f.key, "application/json", body));
  }

  private IngestResponse post(String body) {
    return post(body.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode json(IngestResponse response) {
    return Json.tree(Json.encode(response.body()));
  }

  private static JsonNode firstError(IngestResponse response, int index) {
    return json(response).get("results").get(index).get("errors").get(0);
  }

  @Test
  void loneSurrogatesInIdsAreRejectedNotMergedIntoOneUser() {
    IngestResponse r =
        post(
            batch(
                "{\"messageId\":\"s-1\",\"type\":\"feature_used\",\"userId\":\"x\\ud800\"}",
                "{\"messageId\":\"s-2\",\"type\":\"feature_used\",\"userId\":\"x\\udbff\"}",
                "{\"messageId\":\"s-3\",\"type\":\"feature_used\",\"userId\":\"ok\","
                    + "\"properties\":{\"k\":[\"v\\udc00\"]}}",
                "{\"messageId\":\"s-4\",\"type\":\"feature_used\",\"userId\":\"pair-\\ud83d\\ude00\"}"));

    assertThat(r.status()).as(json(r).toString()).isEqualTo(202);
    assertThat(firstError(r, 0).get("code").asString()).isEqualTo("invalid_unicode");
    assertThat(firstError(r, 0).get("field").asString()).isEqualTo("/batch/0/userId");
    assertThat(firstError(r, 1).get("field").asString()).isEqualTo("/batch/1/userId");
    assertThat(firstError(r, 2).get("field").asString()).isEqualTo("/batch/2/properties/k/0");
    assertThat(json(r).get("accepted").asInt()).isEqualTo(1);
    assertThat(f.bus.published(UserEventBatch.class).get(0).userId()).isEqualTo("pair-😀");
  }

  @Test
  void overlongUtf8IsRefusedNotReadAsASlash() {
    byte[] body =
        "{\"messageId\":\"overlong-1\",\"type\":\"feature_used\",\"userId\":\"aXXb\"}"
            .getBytes(StandardCharsets.US_ASCII);
    int at = new String(body, StandardCharsets.US_ASCII).indexOf("XX");
    body[at] = (byte) 0xC0;
    body[at + 1] = (byte) 0xAF;

    IngestResponse r = post(body);

    assertThat(r.status()).isEqualTo(400);
    assertThat(json(r).get("error").get("code").asString()).isEqualTo("invalid_utf8");
    assertThat(json(r).get("error").get("message").asString()).contains("byte " + at);
    assertThat(f.bus.published()).isEmpty();
  }

  @Test
  void utf8EncodedSurrogatesAreRefused() {
    byte[] body = event("cesu-1", "uZZZ").getBytes(StandardCharsets.US_ASCII);
    int at = new String(body, StandardCharsets.US_ASCII).indexOf("ZZZ");
    body[at] = (byte) 0xED;
    body[at + 1] = (byte) 0xA0;
    body[at + 2] = (byte) 0x80;

    assertThat(json(post(body)).get("error").get("code").asString()).isEqualTo("invalid_utf8");
  }

  @Test
  void duplicateKeysAreRefusedNotResolvedLastWins() {
    IngestResponse r =
        post(
            "{\"messageId\":\"dupk\",\"type\":\"feature_used\",\"userId\":\"dupk-u\",\"userId\":\"dupk-v\"}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(json(r).get("error").get("code").asString()).isEqualTo("malformed_json");
    assertThat(json(r).get("error").get("message").asString())
        .isEqualTo(
            "the body is not valid JSON: Duplicate Object property \"userId\" (line 1, column 69)");
    assertThat(f.bus.published()).isEmpty();
  }

  @Test
  void parserLimitsAreExplainedWithoutTheParsersInternals() {
    String deep = "{\"a\":".repeat(2000) + "1" + "}".repeat(2000);

    IngestResponse r = post(deep);

    assertThat(r.status()).isEqualTo(400);
    String message = json(r).get("error").get("message").asString();
    assertThat(message).doesNotContain("StreamReadConstraints", "Jackson", "jackson", "`");
    assertThat(message).contains("nesting depth");
  }

  @ParameterizedTest
  @ValueSource(strings = {" ", "\\t", "  \\n ", ".", "..", "a\\u0000b", "a\\u001fb", "a\\u0085b"})
  void blankDotAndControlCharacterIdsAreRejected(String id) {
    IngestResponse r =
        post(
            batch(
                "{\"messageId\":\"" + id + "\",\"type\":\"feature_used\",\"userId\":\"u\"}",
                "{\"messageId\":\"m-1\",\"type\":\"feature_used\",\"userId\":\"" + id + "\"}",
                "{\"messageId\":\"n-1\",\"type\":\"feature_used\",\"anonymousId\":\""
                    + id
                    + "\"}"));

    assertThat(json(r).get("rejected").asInt()).isEqualTo(3);
    assertThat(firstError(r, 0).get("code").asString()).isEqualTo("invalid_id");
    assertThat(firstError(r, 0).get("field").asString()).isEqualTo("/batch/0/messageId");
    assertThat(firstError(r, 1).get("field").asString()).isEqualTo("/batch/1/userId");
    assertThat(firstError(r, 2).get("field").asString()).isEqualTo("/batch/2/anonymousId");
  }

  @ParameterizedTest
  @ValueSource(strings = {"fb:m1:unsubscribe", "twilio:SM1", "pref:m1:1", "sup:abc"})
  void messageIdsWithThePlatformsOwnPrefixesAreRejected(String id) {
    IngestResponse r =
        post(
            batch(
                "{\"messageId\":\""
                    + id
                    + "\",\"type\":\"message_unsubscribed\",\"userId\":\"u\","
                    + "\"properties\":{\"channel\":\"email\"},"
                    + "\"context\":{\"consentSource\":\"preference_page\"}}",
                "{\"messageId\":\"x" + id + "\",\"type\":\"feature_used\",\"userId\":\"u\"}"));

    assertThat(json(r).get("rejected").asInt()).isEqualTo(1);
    assertThat(json(r).get("accepted").asInt()).isEqualTo(1);
    assertThat(firstError(r, 0).get("code").asString()).isEqualTo("reserved_id");
    assertThat(firstError(r, 0).get("field").asString()).isEqualTo("/batch/0/messageId");
  }

  @ParameterizedTest
  @ValueSource(strings = {"u/1", "../../etc", "a\\\\b", "%2F", "a?b#c", "a;b", "ü ß 中", " x "})
  void idsThatLookLikePathsAreKeptExactly(String id) {
    IngestResponse r = post(event("p-" + id, id));

    assertThat(json(r).get("accepted").asInt()).as(id).isEqualTo(1);
    String expected = Json.tree(("\"" + id + "\"").getBytes(StandardCharsets.UTF_8)).asString();
    assertThat(f.bus.published(UserEventBatch.class).get(0).userId()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0000-01-01T00:00:00Z", "1900-06-01T00:00:00Z", "1999-12-31T23:59:59Z"})
  void timestampsBefore2000AreRejected(String timestamp) {
    IngestResponse r =
        post(
            "{\"messageId\":\"old\",\"type\":\"feature_used\",\"userId\":\"u\",\"timestamp\":\""
                + timestamp
                + "\"}");

    assertThat(firstError(r, 0).get("code").asString()).isEqualTo("timestamp_too_old");
    assertThat(firstError(r, 0).get("field").asString()).isEqualTo("/timestamp");
  }

  @Test
  void theFirstInstantOf2000IsAccepted() {
    IngestResponse r =
        post(
            "{\"messageId\":\"y2k\",\"type\":\"feature_used\",\"userId\":\"u\","
                + "\"timestamp\":\"2000-01-01T00:00:00Z\"}");

    assertThat(json(r).get("accepted").asInt()).isEqualTo(1);
  }

  @Test
  void numbersBeyondADoubleAreRejected() {
    IngestResponse r =
        post(
            "{\"messageId\":\"n\",\"type\":\"feature_used\",\"userId\":\"u\",\"properties\":{\"x\":1e400}}");

    assertThat(firstError(r, 0).get("code").asString()).isEqualTo("invalid_value");
    assertThat(firstError(r, 0).get("field").asString()).isEqualTo("/properties/x");
  }

  @Test
  void aGzippedBodyIsDecompressed() {
    IngestResponse r = gzipped(gzip(event("gz-1", "u").getBytes(StandardCharsets.UTF_8)));

    assertThat(r.status()).isEqualTo(202);
    assertThat(json(r).get("accepted").asInt()).isEqualTo(1);
  }

  @Test
  void aPlainBodyLabelledGzipIsRefused() {
    IngestResponse r = gzipped(event("gz-2", "u").getBytes(StandardCharsets.UTF_8));

    assertThat(r.status()).isEqualTo(400);
    assertThat(json(r).get("error").get("code").asString()).isEqualTo("malformed_gzip");
    assertThat(f.bus.published()).isEmpty();
  }

  @Test
  void aDecompressionBombIsRefusedAfterOneMebibyte() {
    byte[] inflated = new byte[64 * 1024 * 1024];
    java.util.Arrays.fill(inflated, (byte) ' ');
    byte[] bomb = gzip(inflated);
    assertThat(bomb.length).isLessThan(IngestService.MAX_BODY_BYTES);

    IngestResponse r = gzipped(bomb);

    assertThat(r.status()).isEqualTo(413);
    assertThat(json(r).get("error").get("code").asString()).isEqualTo("payload_too_large");
  }

  @Test
  void anEncodingOtherThanGzipIs415() {
    IngestResponse r =
        f.service.handle(
            new IngestRequest(
                "Bearer " + f.key,
                "application/json",
                "br",
                event("br-1", "u").getBytes(StandardCharsets.UTF_8)));

    assertThat(r.status()).isEqualTo(415);
    assertThat(json(r).get("error").get("code").asString()).isEqualTo("unsupported_encoding");
  }

  @Test
  void ofTwoIdenticalBatchesInFlightAtOnceOneIsAcceptedAndTheOtherDuplicate() throws Exception {
    List<IngestResponse> both = race(batch(event("c-1", "u1"), event("c-2", "u2")), false);

    assertThat(statuses(both.get(0))).containsExactly("accepted", "accepted");
    assertThat(statuses(both.get(1))).containsExactly("duplicate", "duplicate");
  }

  @Test
  void whenTheRequestInFlightFailsTheConcurrentOneTakesItsIds() throws Exception {
    List<IngestResponse> both = race(batch(event("f-1", "u1")), true);

    assertThat(both.get(0).status()).isEqualTo(503);
    assertThat(statuses(both.get(1))).containsExactly("accepted");
  }

  /**
   * Sends {@code body} twice: the second request arrives while the first is held in its publish,
   * which then returns or, with {@code firstFails}, fails.
   */
  private List<IngestResponse> race(String body, boolean firstFails) throws Exception {
    CountDownLatch firstPublishing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean first = new AtomicBoolean(true);
    IngestService service =
        serviceOn(
            messages -> {
              if (first.getAndSet(false)) {
                firstPublishing.countDown();
                await(release);
                if (firstFails) {
                  throw new TransientFailure("bus down");
                }
              }
            });
    CompletableFuture<IngestResponse> a =
        CompletableFuture.supplyAsync(() -> handle(service, body));
    assertThat(firstPublishing.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<IngestResponse> b =
        CompletableFuture.supplyAsync(() -> handle(service, body));
    Thread.sleep(100); // b finds the ids in flight and waits
    release.countDown();
    return List.of(a.get(10, TimeUnit.SECONDS), b.get(10, TimeUnit.SECONDS));
  }

  @Test
  void aClaimHeldLongerThanTheWaitAnswers503AndHoldsNothing() {
    f.dedup.claim(APP, List.of("held-1"), f.clock.instant());

    IngestResponse r = post(batch(event("held-1", "u"), event("free-1", "u")));

    assertThat(r.status()).isEqualTo(503);
    assertThat(f.dedup.claim(APP, List.of("free-1"), f.clock.instant()).claimed())
        .containsExactly("free-1");
  }

  private IngestService serviceOn(EventBus bus) {
    return new IngestService(
        f.keys,
        new EventRateLimiter(1000, 10_000, f.nanos::get),
        bus,
        f.dedup,
        f.quarantine,
        f.warehouse,
        f.clock);
  }

  private IngestResponse handle(IngestService service, String body) {
    return service.handle(f.post(body));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<String> statuses(IngestResponse response) {
    return json(response)
        .get("results")
        .valueStream()
        .map(e -> e.get("status").asString())
        .toList();
  }

  private IngestResponse gzipped(byte[] body) {
    return f.service.handle(new IngestRequest("Bearer " + f.key, "application/json", "gzip", body));
  }

  private static byte[] gzip(byte[] plain) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
