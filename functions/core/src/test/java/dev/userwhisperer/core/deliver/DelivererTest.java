package dev.userwhisperer.core.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.Provenance;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.RecordingChannelSender;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DelivererTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private final InMemoryWarehouse warehouse = new InMemoryWarehouse();
  private final OutboundMessage message =
      new OutboundMessage(
          OutboundMessage.VERSION,
          "m1",
          "d1",
          "app1",
          "u1",
          Channel.EMAIL,
          "a@b.c",
          "en",
          "welcome",
          "template-v1",
          "Hi",
          "Body",
          T,
          null,
          null,
          null,
          Provenance.template(0));

  @Test
  void aDeliveredMessageIsRecordedOnceEvenWhenRedelivered() {
    RecordingChannelSender sender = new RecordingChannelSender(new MutableClock(T));
    Deliverer deliver = new Deliverer(sender, warehouse);

    deliver.accept(message);
    deliver.accept(message);

    assertThat(sender.sent()).containsExactly(message);
    assertThat(warehouse.rows(Table.DELIVERIES))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r)
                    .containsEntry("status", "delivered")
                    .containsEntry("outbound_id", "m1"));
  }

  @Test
  void aTransientFailurePropagatesAndRecordsNothing() {
    Deliverer deliver =
        new Deliverer(
            m -> {
              throw new TransientFailure("429 from provider");
            },
            warehouse);

    assertThatThrownBy(() -> deliver.accept(message)).isInstanceOf(TransientFailure.class);
    assertThat(warehouse.rows(Table.DELIVERIES)).isEmpty();
  }
}
