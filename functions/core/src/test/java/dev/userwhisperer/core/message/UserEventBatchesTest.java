package dev.userwhisperer.core.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.UserEventBatches.RawBatch;
import dev.userwhisperer.core.testing.TestEvents;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class UserEventBatchesTest {

  /** Ids as clients and hashes make them: mostly plain ASCII, now and then quotes, controls, ë. */
  @Provide
  Arbitrary<String> ids() {
    Arbitrary<Character> chars =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, Arbitraries.chars().range(' ', '~')),
            net.jqwik.api.Tuple.of(1, Arbitraries.of('"', '\\', '\n', '\u0001', '\u007f')),
            net.jqwik.api.Tuple.of(1, Arbitraries.chars().range('\u00a0', '\u07ff')));
    return chars.list().ofMinSize(1).ofMaxSize(20).map(UserEventBatchesTest::text);
  }

  @Property(tries = 500)
  void whatIsEncodedFromRawEventsDecodesToTheSameBatches(
      @ForAll("ids") String id,
      @ForAll("ids") String appId,
      @ForAll("ids") String userKey,
      @ForAll("ids") String property,
      @ForAll @IntRange(min = 1, max = 4) int users) {
    List<RawBatch> raw = new ArrayList<>();
    List<UserEventBatch> expected = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      Event event =
          TestEvents.event("feature_used").user(userKey + u).prop("p", property + u).build();
      raw.add(new RawBatch("batch" + u, event.userKey(), List.of(Json.encode(event))));
      expected.add(
          new UserEventBatch(
              UserEventBatch.VERSION, "batch" + u, appId, event.userKey(), List.of(event)));
    }

    byte[] encoded = UserEventBatches.encode(id, appId, raw);

    assertThat(Json.decode(encoded, UserEventBatches.class))
        .isEqualTo(new UserEventBatches(UserEventBatches.VERSION, id, appId, expected));
  }

  @Example
  void aPlainMessageIsWrittenAsJsonWouldWriteIt() {
    Event a = TestEvents.event("signup").user("u1").build();
    Event b = TestEvents.event("login").user("u1").build();
    byte[] encoded =
        UserEventBatches.encode(
            "m1",
            "app1",
            List.of(new RawBatch("b1", "u1", List.of(Json.encode(a), Json.encode(b)))));

    assertThat(new String(encoded, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"version\":1,\"id\":\"m1\",\"appId\":\"app1\",\"batches\":[{\"version\":1,"
                + "\"batchId\":\"b1\",\"appId\":\"app1\",\"userId\":\"u1\",\"events\":["
                + Json.encodeToString(a)
                + ","
                + Json.encodeToString(b)
                + "]}]}");
  }

  private static String text(List<Character> chars) {
    StringBuilder s = new StringBuilder(chars.size());
    chars.forEach(s::append);
    return s.toString();
  }
}
