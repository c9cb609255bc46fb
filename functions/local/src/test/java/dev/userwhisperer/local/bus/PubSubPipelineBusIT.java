package dev.userwhisperer.local.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.gcp.GcpAdapters;
import dev.userwhisperer.gcp.GcpEmulators;
import dev.userwhisperer.gcp.PubSubClients;
import dev.userwhisperer.gcp.PubSubEmulator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(GcpEmulators.class)
class PubSubPipelineBusIT {
  private static final Duration WAIT = Duration.ofMinutes(1);
  private static final BusConfig FAST_RETRIES =
      BusConfig.DEFAULT
          .withBackoff(Duration.ofMillis(10), Duration.ofMillis(10), 1.0)
          .withMaxAttempts(2);

  @Test
  void deliversEveryMessageInOrderPerKeyAndIsIdleOnceAllAreAcknowledged(PubSubEmulator emulator)
      throws Exception {
    try (PubSubClients clients = emulator.clients();
        PubSubPipelineBus bus = bus(clients)) {
      Map<String, List<Integer>> received = new ConcurrentHashMap<>();
      bus.subscribe(
          "notes",
          m -> {
            Note note = m.decode(Note.class);
            received
                .computeIfAbsent(note.userId(), u -> new CopyOnWriteArrayList<>())
                .add(note.n());
          });

      for (String user : List.of("u-1", "u-2", "u-3")) {
        bus.publish(IntStream.range(0, 20).mapToObj(n -> Note.of(user, n)).toList());
      }

      assertThat(bus.awaitIdle(WAIT)).isTrue();
      List<Integer> inOrder = IntStream.range(0, 20).boxed().toList();
      assertThat(received).containsOnlyKeys("u-1", "u-2", "u-3");
      received
          .values()
          .forEach(notes -> assertThat(notes).containsSubsequence(inOrder).containsAll(inOrder));
      assertThat(bus.stats().get("notes"))
          .extracting(TopicStats::pending, TopicStats::inFlight, TopicStats::deadLettered)
          .containsExactly(0L, 0L, 0L);
    }
  }

  @Test
  void aMessageThatKeepsFailingIsDeadLetteredAndPublishedAgainOnRedrive(PubSubEmulator emulator)
      throws Exception {
    try (PubSubClients clients = emulator.clients();
        PubSubPipelineBus bus = bus(clients)) {
      AtomicBoolean broken = new AtomicBoolean(true);
      List<String> handled = new CopyOnWriteArrayList<>();
      bus.subscribe(
          "notes",
          m -> {
            if (broken.get() && m.id().equals("u-1-0")) {
              throw new IllegalStateException("cannot handle " + m.id());
            }
            handled.add(m.id());
          });

      bus.publish(List.of(Note.of("u-1", 0), Note.of("u-2", 0)));

      assertThat(bus.awaitIdle(WAIT)).isTrue();
      assertThat(handled).containsExactly("u-2-0");
      assertThat(bus.deadLetters("notes", 10))
          .singleElement()
          .satisfies(
              dead -> {
                assertThat(dead.id()).isEqualTo("u-1-0");
                assertThat(dead.attempts()).isEqualTo(2);
                assertThat(dead.lastError()).contains("cannot handle u-1-0");
              });

      broken.set(false);
      assertThat(bus.redrive("notes")).isEqualTo(1);

      assertThat(bus.awaitIdle(WAIT)).isTrue();
      assertThat(handled).containsExactlyInAnyOrder("u-2-0", "u-1-0");
      assertThat(bus.deadLetters("notes", 10)).isEmpty();
    }
  }

  private static PubSubPipelineBus bus(PubSubClients clients) {
    return new PubSubPipelineBus(
        clients, GcpAdapters.eventBus(clients), List.of("notes"), FAST_RETRIES, Clock.systemUTC());
  }
}
