package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.pubsub.v1.PubsubMessage;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.message.Topics;
import dev.userwhisperer.core.port.TransientFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(GcpEmulators.class)
class PubSubEventBusIT {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private static final String SUBSCRIPTION = "decide";

  private final PubSubEmulator emulator;
  private PubSubClients clients;
  private PubSubEventBus bus;

  PubSubEventBusIT(PubSubEmulator emulator) {
    this.emulator = emulator;
  }

  @BeforeEach
  void setUp() {
    clients = emulator.clients();
    bus = new PubSubEventBus(clients, PubSubEventBus.Ordering.ORDERED);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    bus.close();
    clients.close();
  }

  @Test
  void publishedMessagesArriveWithOrderingKeyIdAndJsonInOrderPerUser() {
    emulator.createTopic(clients, Topics.SIGNALS);
    emulator.createOrderedSubscription(clients, Topics.SIGNALS, SUBSCRIPTION);
    List<Signal> signals = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      signals.add(signal("user-" + (i % 3), i));
    }

    bus.publish(signals);

    List<PubsubMessage> received = emulator.pull(clients, SUBSCRIPTION, signals.size());
    assertThat(received).hasSize(300);
    PubsubMessage first =
        received.stream()
            .filter(m -> m.getAttributesOrThrow("id").equals("s-0"))
            .findFirst()
            .orElseThrow();
    assertThat(first.getOrderingKey()).isEqualTo("app-1/user-0");
    assertThat(Json.decode(first.getData().toByteArray(), Signal.class)).isEqualTo(signals.get(0));
    Map<String, List<Integer>> sequencePerKey =
        received.stream()
            .collect(
                Collectors.groupingBy(
                    PubsubMessage::getOrderingKey,
                    Collectors.mapping(
                        m -> sequence(m.getAttributesOrThrow("id")), Collectors.toList())));
    assertThat(sequencePerKey).containsOnlyKeys("app-1/user-0", "app-1/user-1", "app-1/user-2");
    sequencePerKey.values().forEach(sequence -> assertThat(sequence).hasSize(100).isSorted());
  }

  /** Repeated: the client pauses a failed key just after failing its futures, a race to lose. */
  @RepeatedTest(10)
  void failedOrderedPublishIsTransientAndResumesItsKeySoThatTheRetrySucceeds() {
    List<Signal> signals = List.of(signal("user-1", 1), signal("user-1", 2));

    assertThatThrownBy(() -> bus.publish(signals))
        .isInstanceOf(TransientFailure.class)
        .hasMessageContaining("2 of 2 messages not published, the first s-1")
        .hasMessageContaining(Topics.SIGNALS);

    emulator.createTopic(clients, Topics.SIGNALS);
    emulator.createOrderedSubscription(clients, Topics.SIGNALS, SUBSCRIPTION);
    bus.publish(signals);

    assertThat(emulator.pull(clients, SUBSCRIPTION, 2))
        .extracting(m -> m.getAttributesOrThrow("id"))
        .containsExactly("s-1", "s-2");
  }

  private static int sequence(String signalId) {
    return Integer.parseInt(signalId.substring("s-".length()));
  }

  private static Signal signal(String userId, int sequence) {
    return new Signal(
        Signal.VERSION,
        "s-" + sequence,
        "app-1",
        userId,
        SignalType.INACTIVE,
        T0.plusSeconds(sequence),
        Map.of());
  }
}
