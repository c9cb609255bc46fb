package dev.userwhisperer.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.testing.IngestFixture;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class IngestPropertyTest {

  /** Valid and invalid events over a small id space, so that duplicates occur often. */
  @Provide
  Arbitrary<String> events() {
    Arbitrary<String> messageId = Arbitraries.integers().between(0, 15).map(i -> "m" + i);
    Arbitrary<String> userId = Arbitraries.of("alice", "bob", "carol", "dave");
    Arbitrary<String> valid = Combinators.combine(messageId, userId).as(IngestFixture::event);
    Arbitrary<String> noUser = messageId.map(id -> "{\"messageId\":\"" + id + "\",\"type\":\"x\"}");
    Arbitrary<String> badType =
        Combinators.combine(messageId, userId)
            .as(
                (id, u) ->
                    "{\"messageId\":\""
                        + id
                        + "\",\"type\":\"Bad Type\",\"userId\":\""
                        + u
                        + "\"}");
    Arbitrary<String> notAnObject = Arbitraries.of("42", "\"text\"", "null", "[]");
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, valid), net.jqwik.api.Tuple.of(1, noUser),
        net.jqwik.api.Tuple.of(1, badType), net.jqwik.api.Tuple.of(1, notAnObject));
  }

  @Property(tries = 100)
  void everyEventIsCountedOnceAndResendingNeverPublishesAgain(
      @ForAll @Size(min = 1, max = 40) List<@net.jqwik.api.From("events") String> events) {
    IngestFixture f = new IngestFixture();
    String body = IngestFixture.batch(events.toArray(String[]::new));

    IngestResult first = (IngestResult) f.service.handle(f.post(body)).body();
    assertThat(first.accepted() + first.duplicates() + first.rejected()).isEqualTo(events.size());
    assertThat(first.results()).hasSize(events.size());

    List<UserEventBatch> published = f.bus.published(UserEventBatch.class);
    List<String> publishedIds =
        published.stream().flatMap(b -> b.events().stream().map(e -> e.messageId())).toList();
    assertThat(publishedIds).hasSize(first.accepted()).doesNotHaveDuplicates();
    assertThat(published.stream().map(UserEventBatch::userId)).doesNotHaveDuplicates();
    assertThat(f.quarantine.list(IngestFixture.APP, 1000)).hasSize(first.rejected());

    IngestResult second = (IngestResult) f.service.handle(f.post(body)).body();
    assertThat(second.accepted()).isZero();
    assertThat(second.duplicates()).isEqualTo(first.accepted() + first.duplicates());
    assertThat(second.rejected()).isEqualTo(first.rejected());
    assertThat(f.bus.published()).hasSize(published.size());
  }
}
