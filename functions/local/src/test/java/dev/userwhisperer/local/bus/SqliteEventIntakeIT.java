package dev.userwhisperer.local.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.Topics;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.message.UserEventBatches;
import dev.userwhisperer.core.port.EventIntake.Candidate;
import dev.userwhisperer.core.port.IngestDedup;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.local.store.SqliteDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteEventIntakeIT {
  static final String APP = "app-1";
  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  @TempDir Path dir;
  SqliteDatabase db;
  SqliteEventBus bus;
  SqliteEventIntake intake;

  @BeforeEach
  void open() {
    db = new SqliteDatabase(dir.resolve("whisperer.db"));
    bus = SqliteEventBus.deliveringOnDrain(db, SqliteEventBusIT.FAST, Clock.systemUTC());
    intake = new SqliteEventIntake(db, bus);
  }

  @AfterEach
  void close() throws InterruptedException {
    intake.close();
    bus.close();
    db.close();
  }

  @Test
  void aRequestBecomesOneBusMessageOfItsNewEventsGroupedByUserInOrder() throws Exception {
    assertThat(intake.accept(APP, T0, List.of(event("m1", "ann"), event("m2", "bob"))))
        .containsExactlyInAnyOrder("m1", "m2");

    Set<String> second =
        intake.accept(
            APP,
            T0.plusSeconds(1),
            List.of(
                event("m2", "bob"), event("m3", "bob"), event("m4", "ann"), event("m3", "bob")));

    assertThat(second).containsExactlyInAnyOrder("m3", "m4");
    List<UserEventBatches> messages = delivered();
    assertThat(messages).hasSize(2);
    UserEventBatches last = messages.get(1);
    assertThat(last.orderingKey()).isEqualTo(APP);
    assertThat(last.batches()).extracting(UserEventBatch::userId).containsExactly("bob", "ann");
    assertThat(last.batches().get(0).events()).extracting(Event::messageId).containsExactly("m3");
    assertThat(last.batches().get(0).events().get(0).properties()).isEqualTo(Map.of("n", 1));
  }

  @Test
  void ofConcurrentRequestsCarryingOneIdExactlyOneAcceptsIt() throws Exception {
    int requests = 8;
    ExecutorService pool = Executors.newFixedThreadPool(requests);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Set<String>>> results = new ArrayList<>();
    for (int r = 0; r < requests; r++) {
      int request = r;
      results.add(
          pool.submit(
              () -> {
                go.await();
                // each request shares ids 0..49 with every other and has 50 of its own
                List<Candidate> events = new ArrayList<>();
                IntStream.range(0, 50).forEach(i -> events.add(event("shared-" + i, "u" + i)));
                IntStream.range(0, 50)
                    .forEach(i -> events.add(event("own-" + request + "-" + i, "u" + i)));
                return intake.accept(APP, T0, events);
              }));
    }
    go.countDown();
    Map<String, Integer> acceptances = new ConcurrentHashMap<>();
    for (Future<Set<String>> f : results) {
      f.get().forEach(id -> acceptances.merge(id, 1, Integer::sum));
    }
    pool.shutdown();

    assertThat(acceptances).hasSize(50 + requests * 50);
    assertThat(acceptances.values()).containsOnly(1);
    List<String> onTheBus =
        delivered().stream()
            .flatMap(m -> m.batches().stream())
            .flatMap(b -> b.events().stream())
            .map(Event::messageId)
            .toList();
    assertThat(onTheBus).doesNotHaveDuplicates().hasSize(acceptances.size());
  }

  @Test
  void anIdIsAcceptedAgainOnlyAfterTheRetention() {
    intake.accept(APP, T0, List.of(event("m1", "ann")));

    assertThat(intake.accept(APP, T0.plus(Duration.ofDays(6)), List.of(event("m1", "ann"))))
        .isEmpty();
    assertThat(intake.accept("app-2", T0, List.of(event("m1", "ann")))).containsExactly("m1");
    assertThat(
            intake.accept(
                APP, T0.plus(IngestDedup.RETENTION).plusSeconds(1), List.of(event("m1", "ann"))))
        .containsExactly("m1");
  }

  @Test
  void afterCloseARequestIsRefusedAsTransientAndNothingOfItIsStored() throws Exception {
    intake.close();

    assertThatThrownBy(() -> intake.accept(APP, T0, List.of(event("m1", "ann"))))
        .isInstanceOf(TransientFailure.class);
    assertThat(delivered()).isEmpty();
  }

  @Test
  void closingWhileRequestsArriveCommitsEveryRequestItDoesNotRefuse() throws Exception {
    int requests = 200;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Set<String>>> results = new ArrayList<>();
    for (int r = 0; r < requests; r++) {
      int request = r;
      results.add(
          pool.submit(() -> intake.accept(APP, T0, List.of(event("m" + request, "u" + request)))));
      if (r == requests / 2) {
        intake.close();
      }
    }
    Set<String> accepted = new HashSet<>();
    int refused = 0;
    for (Future<Set<String>> f : results) {
      try {
        accepted.addAll(f.get());
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(TransientFailure.class);
        refused++;
      }
    }
    pool.shutdown();

    assertThat(accepted.size() + refused).isEqualTo(requests);
    assertThat(refused).isPositive();
    assertThat(
            delivered().stream()
                .flatMap(m -> m.batches().stream())
                .flatMap(b -> b.events().stream())
                .map(Event::messageId))
        .containsExactlyInAnyOrderElementsOf(accepted);
  }

  private List<UserEventBatches> delivered() throws InterruptedException {
    List<UserEventBatches> out = new CopyOnWriteArrayList<>();
    bus.subscribe(Topics.EVENTS, m -> out.add(m.decode(UserEventBatches.class)));
    assertThat(bus.awaitIdle(Duration.ofSeconds(30))).isTrue();
    return out;
  }

  private static Candidate event(String messageId, String user) {
    Event e = new Event(messageId, "feature_used", user, null, T0, T0, Map.of("n", 1), null, null);
    return new Candidate(messageId, user, Json.encode(e));
  }
}
