package dev.userwhisperer.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.testing.IngestFixture;
import dev.userwhisperer.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;

/**
 * The streaming check against the contract, {@code event.v1.schema.json} as {@link EventValidator}
 * applies it: an event the streaming check passes is valid, and is stored exactly as the tree path
 * would have stored it; the events a client normally sends do pass it (so they take the fast path).
 */
class StreamingEventValidatorTest {
  private final StreamingEventValidator streaming =
      new StreamingEventValidator(new MutableClock(IngestFixture.NOW));
  private final EventValidator schema = new EventValidator(new MutableClock(IngestFixture.NOW));

  /** Each member in a valid form and in forms the schema or the rules beyond it refuse. */
  @Provide
  Arbitrary<String> events() {
    Arbitrary<String> messageId =
        oftenFirst(
            "\"messageId\":\"m-1\"",
            "\"messageId\":\"a b\"",
            "\"messageId\":\"é-2\"",
            "\"messageId\":\"\"",
            "\"messageId\":\".\"",
            "\"messageId\":\" \"",
            "\"messageId\":\"m\\u0007\"",
            "\"messageId\":\"uw-email-1\"",
            "\"messageId\":7",
            "\"messageId\":\"" + "x".repeat(129) + "\"",
            "\"messageId\":\"" + "x".repeat(128) + "\"");
    Arbitrary<String> type =
        oftenFirst(
            "\"type\":\"feature_used\"",
            "\"type\":\"identify\"",
            "\"type\":\"report.exported_v2\"",
            "\"type\":\"Signed Up\"",
            "\"type\":\"\"",
            "\"type\":null",
            "\"type\":\"" + "a".repeat(65) + "\"");
    Arbitrary<String> user =
        oftenFirst(
            "\"userId\":\"u-1\"",
            "\"anonymousId\":\"d-1\"",
            "\"userId\":\"u/1\",\"anonymousId\":\"d\"",
            "\"userId\":\"..\"",
            "\"userId\":\"x\\ud800\"",
            "\"userId\":\"\\ud83d\\ude00\"",
            "\"userId\":5",
            "\"userId\":{\"a\":1}",
            "\"userId\":[1,2]");
    Arbitrary<String> timestamp =
        oftenFirst(
            "",
            ",\"timestamp\":\"2026-03-02T09:30:00Z\"",
            ",\"timestamp\":\"2026-03-02T09:30:00.123456Z\"",
            ",\"timestamp\":\"2026-03-02T11:30:00.5+02:00\"",
            ",\"timestamp\":\"2026-03-02T09:30:00-05:30\"",
            ",\"timestamp\":\"2026-03-02t09:30:00z\"",
            ",\"timestamp\":\"2026-02-30T09:30:00Z\"",
            ",\"timestamp\":\"2026-03-02T09:30:60Z\"",
            ",\"timestamp\":\"2026-03-02T24:00:00Z\"",
            ",\"timestamp\":\"2026-03-02 09:30:00Z\"",
            ",\"timestamp\":\"2026-03-02T09:30:00\"",
            ",\"timestamp\":\"1999-12-31T23:59:59Z\"",
            ",\"timestamp\":\"2026-03-04T10:00:00Z\"",
            ",\"timestamp\":\"2026-03-03T10:00:00Z\"",
            ",\"timestamp\":\"2026-03-02T09:30:00-00:00\"",
            ",\"timestamp\":\"2026-03-02T09:30:00+18:00\"",
            ",\"timestamp\":1700000000");
    Arbitrary<String> properties =
        oftenFirst(
            "",
            ",\"properties\":{}",
            ",\"properties\":{\"feature\":\"export\",\"n\":3,\"x\":1.5,\"ok\":true}",
            ",\"properties\":{\"nested\":{\"a\":[1,{\"b\":null}],\"c\":\"d\"}}",
            ",\"properties\":{\"gone\":null,\"kept\":1}",
            ",\"properties\":{\"big\":1e400}",
            ",\"properties\":{\"k\\ud800\":1}",
            ",\"properties\":{\"k\":[\"v\\udc00\"]}",
            ",\"properties\":{\"emoji\":\"\\ud83d\\ude00\"}",
            ",\"properties\":[]",
            ",\"properties\":\"text\"");
    Arbitrary<String> traits =
        oftenFirst(
            "",
            ",\"traits\":{}",
            ",\"traits\":{\"email\":\"ana.maria+news@mail.example.com\",\"firstName\":\"Ana\"}",
            ",\"traits\":{\"email\":\"not-an-email\"}",
            ",\"traits\":{\"email\":\"a..b@example.com\"}",
            ",\"traits\":{\"email\":\"ana@example\"}",
            ",\"traits\":{\"phone\":\"+34600111222\"}",
            ",\"traits\":{\"phone\":\"600111222\"}",
            ",\"traits\":{\"locale\":\"pt-BR\",\"timezone\":\"Europe/Madrid\",\"plan\":\"pro\"}",
            ",\"traits\":{\"locale\":\"english\"}",
            ",\"traits\":{\"timezone\":\"Mars/Olympus\"}",
            ",\"traits\":{\"timezone\":\"+02:00\"}",
            ",\"traits\":{\"consent\":{\"email\":true,\"sms\":false}}",
            ",\"traits\":{\"consent\":{\"fax\":true}}",
            ",\"traits\":{\"consent\":{\"email\":\"yes\"}}",
            ",\"traits\":{\"firstName\":\"\"}",
            ",\"traits\":{\"pushToken\":\"tok\",\"custom\":{\"deep\":[1,2]}}",
            ",\"traits\":{\"email\":null}",
            ",\"traits\":null");
    Arbitrary<String> context =
        oftenFirst(
            "",
            ",\"context\":{\"locale\":\"en-US\",\"timezone\":\"Europe/Paris\",\"appVersion\":\"3.2.1\"}",
            ",\"context\":{\"ip\":\"192.168.1.20\",\"userAgent\":\"Mozilla/5.0\"}",
            ",\"context\":{\"ip\":\"192.168.01.20\"}",
            ",\"context\":{\"ip\":\"256.1.1.1\"}",
            ",\"context\":{\"ip\":\"2001:db8::1\"}",
            ",\"context\":{\"device\":{\"model\":\"Pixel\"},\"os\":\"android\"}",
            ",\"context\":{\"device\":\"phone\"}",
            ",\"context\":{\"appVersion\":\"" + "9".repeat(65) + "\"}",
            ",\"context\":{\"timezone\":\"Europe/Berlin\",\"locale\":\"de\"}");
    Arbitrary<String> extra =
        oftenFirst(
            "",
            ",\"sentAt\":\"2026-03-02T09:30:00Z\"",
            ",\"receivedAt\":\"2020-01-01T00:00:00Z\"",
            ",\"integrations\":{\"All\":true}");
    return Combinators.combine(messageId, type, user, timestamp, properties, traits, context, extra)
        .as((m, t, u, ts, p, tr, c, x) -> "{" + m + "," + t + "," + u + ts + p + tr + c + x + "}");
  }

  /** The first option (a valid form) four times in five, so that whole valid events are common. */
  private static Arbitrary<String> oftenFirst(String... options) {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.just(options[0])), Tuple.of(1, Arbitraries.of(options)));
  }

  /**
   * A timestamp in every form the fast check reads (0 to 9 fraction digits, Z or an offset) is read
   * to the nanosecond: it passes with {@code latest} at exactly its instant and fails one
   * nanosecond before.
   */
  @Property(tries = 1000)
  void aTimestampIsReadToTheNanosecond(
      @ForAll @net.jqwik.api.constraints.LongRange(min = 946_684_800L, max = 2_000_000_000L)
          long epochSecond,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 999_999_999) int nano,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 9) int fractionDigits,
      @ForAll @net.jqwik.api.constraints.IntRange(min = -17 * 60, max = 17 * 60)
          int offsetMinutes) {
    int truncated = nano;
    for (int d = fractionDigits; d < 9; d++) {
      truncated -= truncated % (int) Math.pow(10, 9 - d);
    }
    java.time.Instant at = java.time.Instant.ofEpochSecond(epochSecond, truncated);
    java.time.ZoneOffset offset = java.time.ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
    java.time.OffsetDateTime local = at.atOffset(offset);
    String text =
        String.format(
                "%04d-%02d-%02dT%02d:%02d:%02d",
                local.getYear(),
                local.getMonthValue(),
                local.getDayOfMonth(),
                local.getHour(),
                local.getMinute(),
                local.getSecond())
            + (fractionDigits == 0
                ? ""
                : "." + String.format("%09d", truncated).substring(0, fractionDigits))
            + (offsetMinutes == 0 ? "Z" : offset.getId());
    if (at.isBefore(EventValidator.EARLIEST)) {
      return;
    }

    assertThat(StreamingEventValidator.isTimestamp(text, at)).as(text).isTrue();
    assertThat(StreamingEventValidator.isTimestamp(text, at.minusNanos(1))).as(text).isFalse();
  }

  @Property(tries = 2000)
  void anEventTheStreamingCheckPassesIsValidUnderTheSchema(@ForAll("events") String event) {
    if (certain(event)) {
      assertThat(schema.validate(Json.tree(bytes(event)), "")).isEmpty();
    }
  }

  @Property(tries = 500)
  void aPassedEventIsStoredExactlyAsTheTreePathStoresIt(@ForAll("events") String event) {
    IngestFixture fast = new IngestFixture();
    IngestFixture tree = new IngestFixture();

    IngestResponse batchResponse = fast.service.handle(fast.post("{\"batch\":[" + event + "]}"));
    IngestResponse treeResponse = tree.service.handle(tree.post(event));
    assertThat(batchResponse.status()).isEqualTo(treeResponse.status());
    if (treeResponse.status() != 202) {
      // the positions in the message differ: the batch wraps the event
      assertThat(((ApiError.Body) batchResponse.body()).error().code())
          .isEqualTo(((ApiError.Body) treeResponse.body()).error().code());
      return;
    }
    IngestResult viaBatch = (IngestResult) batchResponse.body();
    IngestResult viaTree = (IngestResult) treeResponse.body();

    assertThat(viaBatch.accepted()).isEqualTo(viaTree.accepted());
    assertThat(viaBatch.results().get(0).errors())
        .extracting(e -> e.code(), e -> e.field().replaceFirst("^/batch/0", ""))
        .containsExactlyElementsOf(
            viaTree.results().get(0).errors().stream()
                .map(e -> org.assertj.core.groups.Tuple.tuple(e.code(), e.field()))
                .toList());
    assertThat(fast.bus.published(UserEventBatch.class))
        .isEqualTo(tree.bus.published(UserEventBatch.class));
  }

  @Example
  void theEventsClientsSendTakeTheFastPath() {
    List<String> typical = new ArrayList<>();
    typical.add(
        "{\"messageId\":\"r-1-42\",\"type\":\"page_viewed\",\"userId\":\"load-user-7\","
            + "\"timestamp\":\"2026-03-02T09:59:59.123456Z\","
            + "\"properties\":{\"feature\":\"export\",\"page\":\"/home\"},"
            + "\"context\":{\"locale\":\"en-US\",\"timezone\":\"Europe/Paris\",\"appVersion\":\"3.2.1\"}}");
    typical.add(
        "{\"messageId\":\"8f14e45f-ceea-467f-a0e6-5b3e1c3a2d10\",\"type\":\"identify\","
            + "\"anonymousId\":\"device-9\",\"timestamp\":\"2026-03-02T11:00:00+02:00\","
            + "\"traits\":{\"email\":\"ana@example.com\",\"phone\":\"+34600111222\",\"firstName\":\"Ana\","
            + "\"locale\":\"es-ES\",\"timezone\":\"Europe/Madrid\",\"plan\":\"trial\","
            + "\"consent\":{\"email\":true,\"sms\":false,\"push\":true}},"
            + "\"context\":{\"ip\":\"203.0.113.9\",\"device\":{\"type\":\"ios\"},\"userAgent\":\"App/1.0\"}}");
    typical.add(IngestFixture.event("m-7", "u-7"));
    assertThat(typical).allMatch(this::certain);
  }

  private boolean certain(String event) {
    try (JsonParser p = Json.strictParser(bytes(event))) {
      p.nextToken();
      return streaming.check(p).certain();
    } catch (JacksonException e) {
      return false; // not JSON (a lone surrogate in a key is a syntax error): never the fast path
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
