package dev.userwhisperer.local;

import static dev.userwhisperer.core.testing.TestEvents.batch;
import static dev.userwhisperer.core.testing.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.local.bus.BusMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventsDecodedAheadTest {
  private final List<String> prefetched = new ArrayList<>();
  private final EventsDecodedAhead ahead =
      new EventsDecodedAhead(
          (appId, userIds) -> userIds.forEach(u -> prefetched.add(appId + "/" + u)));

  private static BusMessage message(String id, UserEventBatch batch) {
    return new BusMessage("events", id, batch.appId(), Json.encode(batch), 1);
  }

  @Test
  void aPreparedMessageGivesTheBatchesItsOwnDecodingGivesAndPrefetchesItsUser() {
    BusMessage m = message("b1", batch("b1", event(EventTypes.PAGE_VIEWED).build()));

    ahead.prepare(m);

    assertThat(prefetched)
        .containsExactly("app1/" + PipelineWiring.EventsMessage.batches(m).get(0).userId());
    assertThat(ahead.batches(m)).isEqualTo(PipelineWiring.EventsMessage.batches(m));
  }

  @Test
  void aMessageRedeliveredUnderTheSameIdWithOtherDataIsDecodedFromItsOwnData() {
    BusMessage first = message("b1", batch("b1", event(EventTypes.PAGE_VIEWED).build()));
    BusMessage other = message("b1", batch("b1", event(EventTypes.USER_SIGNUP).build()));
    ahead.prepare(first);

    List<UserEventBatch> batches = ahead.batches(other);

    assertThat(batches.get(0).events())
        .singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo(EventTypes.USER_SIGNUP));
  }

  @Test
  void aMessageThatCannotBeDecodedFailsItsDeliveryWithTheDecodingError() {
    BusMessage broken =
        new BusMessage("events", "b1", "app1", "{not json".getBytes(StandardCharsets.UTF_8), 1);

    assertThatThrownBy(() -> ahead.prepare(broken)).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> ahead.batches(broken)).isInstanceOf(RuntimeException.class);
    assertThat(prefetched).isEmpty();
  }
}
