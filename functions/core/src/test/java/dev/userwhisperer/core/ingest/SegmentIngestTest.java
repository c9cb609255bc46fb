package dev.userwhisperer.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.ingest.SegmentIngest.SegmentResult;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.testing.IngestFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class SegmentIngestTest {
  private final IngestFixture f = new IngestFixture();
  private final SegmentIngest segment = new SegmentIngest(f.service);

  private String basic(String key) {
    return "Basic "
        + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
  }

  private IngestResponse send(String call, String json) {
    return segment.handle(
        new SegmentRequest(
            call,
            new IngestRequest(
                basic(f.key), "application/json", json.getBytes(StandardCharsets.UTF_8))));
  }

  private List<Event> published() {
    return f.bus.published(UserEventBatch.class).stream()
        .flatMap(b -> b.events().stream())
        .toList();
  }

  @Test
  void aTrackBecomesAnEventWhoseTypeIsItsNameInSnakeCase() {
    IngestResponse response =
        send(
            "track",
            "{\"messageId\":\"s-1\",\"userId\":\"u-1\",\"event\":\"Order Completed\","
                + "\"properties\":{\"total\":30}}");

    assertThat(response.status()).isEqualTo(200);
    assertThat(((SegmentResult) response.body()).success()).isTrue();
    Event event = published().get(0);
    assertThat(event.type()).isEqualTo("order_completed");
    assertThat(event.properties()).isEqualTo(Map.of("total", 30));
    assertThat(event.context().get("segment"))
        .isEqualTo(Map.of("type", "track", "event", "Order Completed"));
  }

  @Test
  void sentAtCorrectsTheClientsClock() {
    // the client's clock is 1 h ahead: it says it sent at 11:00 what happened 5 min before
    send(
        "batch",
        "{\"sentAt\":\"2026-03-02T11:00:00Z\",\"batch\":[{\"type\":\"track\",\"messageId\":\"s-2\","
            + "\"userId\":\"u-1\",\"event\":\"Clicked\",\"timestamp\":\"2026-03-02T10:55:00Z\"}]}");

    assertThat(published().get(0).timestamp()).isEqualTo(IngestFixture.NOW.minusSeconds(300));
  }

  @Test
  void identifyPageScreenAndAliasMapOntoTheEnvelope() {
    IngestResponse response =
        send(
            "batch",
            "{\"batch\":["
                + "{\"type\":\"identify\",\"messageId\":\"a\",\"userId\":\"u-1\","
                + "\"traits\":{\"email\":\"ada@example.com\"}},"
                + "{\"type\":\"page\",\"messageId\":\"b\",\"anonymousId\":\"d-1\",\"name\":\"Home\"},"
                + "{\"type\":\"screen\",\"messageId\":\"c\",\"userId\":42,\"name\":\"Settings\"},"
                + "{\"type\":\"alias\",\"messageId\":\"d\",\"userId\":\"u-1\",\"previousId\":\"d-1\"}]}");

    assertThat(((SegmentResult) response.body()).accepted()).isEqualTo(4);
    assertThat(published())
        .extracting(Event::type, Event::userKey)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("identify", "u-1"),
            org.assertj.core.groups.Tuple.tuple("page_viewed", "anon:d-1"),
            org.assertj.core.groups.Tuple.tuple("screen_viewed", "42"),
            org.assertj.core.groups.Tuple.tuple("alias", "u-1"));
    Event alias = published().stream().filter(e -> e.type().equals("alias")).findFirst().get();
    assertThat(alias.properties()).containsEntry("previousId", "d-1");
  }

  @Test
  void aResentMessageIdIsADuplicateAndAMessageWithoutOneIsStillDeduplicated() {
    String batch =
        "{\"batch\":[{\"type\":\"track\",\"messageId\":\"s-9\",\"userId\":\"u\",\"event\":\"A\"},"
            + "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"B\"}]}";
    send("batch", batch);
    SegmentResult again = (SegmentResult) send("batch", batch).body();

    assertThat(again.duplicates()).isEqualTo(2);
    assertThat(published()).hasSize(2);
    assertThat(published().get(1).messageId()).startsWith("segment-");
  }

  @Test
  void aMessageThatCannotBeMappedIsQuarantinedWithTheSegmentField() {
    SegmentResult result =
        (SegmentResult)
            send(
                    "batch",
                    "{\"batch\":[{\"type\":\"track\",\"messageId\":\"x\",\"userId\":\"u\"},"
                        + "{\"type\":\"alias\",\"messageId\":\"y\",\"userId\":\"u\"},"
                        + "{\"type\":\"track\",\"messageId\":\"z\",\"userId\":\"u\",\"event\":\"Ok\"}]}")
                .body();

    assertThat(result.rejected()).isEqualTo(2);
    assertThat(result.results().get(0).errors().get(0).field()).isEqualTo("/batch/0/event");
    assertThat(result.results().get(1).errors().get(0).field()).isEqualTo("/batch/1/previousId");
    assertThat(f.quarantine.list(IngestFixture.APP, 10)).hasSize(2);
    assertThat(result.accepted()).isEqualTo(1);
  }

  @Test
  void gzipAndTheKeyAsBasicUserNameAreAccepted() throws IOException {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
      gzip.write(
          "{\"messageId\":\"g\",\"userId\":\"u\",\"traits\":{}}".getBytes(StandardCharsets.UTF_8));
    }
    IngestResponse response =
        segment.handle(
            new SegmentRequest(
                "identify",
                new IngestRequest(basic(f.key), "application/json", "gzip", zipped.toByteArray())));
    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void aKeyWithoutEventsWriteOrNoKeyIsRefused() {
    String reader = f.addKey(IngestFixture.APP, Set.of(ApiKey.PROFILES_READ), null);
    IngestResponse refused =
        segment.handle(
            new SegmentRequest(
                "track", new IngestRequest(basic(reader), "application/json", "{}".getBytes())));
    assertThat(refused.status()).isEqualTo(403);
    IngestResponse missing =
        segment.handle(
            new SegmentRequest(
                "track", new IngestRequest(null, "application/json", "{}".getBytes())));
    assertThat(missing.status()).isEqualTo(401);
    IngestResponse garbage =
        segment.handle(
            new SegmentRequest(
                "track", new IngestRequest("Basic %%%", "application/json", "{}".getBytes())));
    assertThat(((dev.userwhisperer.core.ingest.ApiError.Body) garbage.body()).error().code())
        .isEqualTo("invalid_api_key");
  }

  @Test
  void withoutAnAuthorizationHeaderTheBodysWriteKeyIsTheKey() {
    IngestResponse response =
        segment.handle(
            new SegmentRequest(
                "import",
                new IngestRequest(
                    null,
                    "application/json; charset=utf-8",
                    ("{\"writeKey\":\""
                            + f.key
                            + "\",\"batch\":[{\"type\":\"track\",\"messageId\":\"w\","
                            + "\"userId\":\"u\",\"event\":\"A\"}]}")
                        .getBytes(StandardCharsets.UTF_8))));
    assertThat(response.status()).isEqualTo(200);
    assertThat(published()).extracting(Event::type).containsExactly("a");
    IngestResponse wrong =
        segment.handle(
            new SegmentRequest(
                "track",
                new IngestRequest(
                    null,
                    "application/json",
                    "{\"writeKey\":\"uw_nope\",\"userId\":\"u\",\"event\":\"A\"}".getBytes())));
    assertThat(wrong.status()).isEqualTo(401);
  }

  @Test
  void eventNamesBecomeValidTypes() {
    assertThat(SegmentMessages.typeOf("Order Completed")).isEqualTo("order_completed");
    assertThat(SegmentMessages.typeOf("  Signed-Up!! ")).isEqualTo("signed_up");
    assertThat(SegmentMessages.typeOf("2FA enabled")).isEqualTo("e_2fa_enabled");
    assertThat(SegmentMessages.typeOf("日本")).isEqualTo("e_");
    assertThat(SegmentMessages.typeOf("x".repeat(100))).hasSize(64);
    assertThat(Instant.parse("2026-03-02T10:00:00Z")).isEqualTo(IngestFixture.NOW);
  }
}
