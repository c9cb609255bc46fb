package dev.userwhisperer.local.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.local.store.SqliteDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class SqliteEventBusIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final BusConfig FAST =
      new BusConfig(
          3, 8, Duration.ofMillis(1), Duration.ofMillis(4), 2.0, 5, Duration.ofMillis(10));

  @TempDir Path dir;
  SqliteDatabase db;
  SqliteEventBus bus;

  @BeforeEach
  void open() {
    db = new SqliteDatabase(dir.resolve("whisperer.db"));
  }

  @AfterEach
  void close() throws InterruptedException {
    if (bus != null) {
      bus.close();
    }
    db.close();
  }

  @Test
  void eachOrderingKeyIsDeliveredOneAtATimeInPublishOrderAcrossRetries() throws Exception {
    bus = new SqliteEventBus(db, FAST, Clock.systemUTC());
    Map<String, List<Integer>> attemptsByKey = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> busy = new ConcurrentHashMap<>();
    AtomicBoolean overlapped = new AtomicBoolean();
    bus.subscribe(
        "notes",
        m -> {
          Note note = m.decode(Note.class);
          if (busy.computeIfAbsent(m.orderingKey(), k -> new AtomicInteger()).incrementAndGet()
              > 1) {
            overlapped.set(true);
          }
          try {
            attemptsByKey
                .computeIfAbsent(m.orderingKey(), k -> new CopyOnWriteArrayList<>())
                .add(note.n());
            if (note.n() % 7 == 3 && m.attempt() < 3) {
              throw new IllegalStateException("flaky " + note.id());
            }
          } finally {
            busy.get(m.orderingKey()).decrementAndGet();
          }
        });

    List<String> users = IntStream.range(0, 10).mapToObj(i -> "u" + i).toList();
    for (int n = 0; n < 20; n += 5) {
      List<Note> round = new ArrayList<>();
      for (int k = n; k < n + 5; k++) {
        for (String u : users) {
          round.add(Note.of(u, k));
        }
      }
      bus.publish(round);
    }

    assertThat(bus.awaitIdle(WAIT)).isTrue();
    assertThat(overlapped).isFalse();
    List<Integer> expected = IntStream.range(0, 20).boxed().toList();
    for (String u : users) {
      List<Integer> seen = attemptsByKey.get("app/" + u);
      assertThat(withoutRepeats(seen)).as("deliveries of %s", u).isEqualTo(expected);
      assertThat(seen).as("deliveries of %s", u).hasSize(20 + 3 * 2);
    }
    TopicStats stats = bus.stats().get("notes");
    assertThat(stats.delivered()).isEqualTo(200);
    assertThat(stats.pending() + stats.inFlight() + stats.deadLettered()).isZero();
  }

  @Test
  void failedMessageIsRetriedAfterItsBackoffOnTheInjectedClock() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
    bus =
        new SqliteEventBus(
            db, FAST.withBackoff(Duration.ofSeconds(10), Duration.ofSeconds(60), 2.0), clock);
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    bus.subscribe("notes", succeedsOnThirdAttempt(attempts));

    bus.publish(List.of(Note.of("u1", 0)));
    eventually(() -> attempts.size() == 1 && bus.stats().get("notes").pending() == 1);
    assertThat(bus.awaitIdle(Duration.ofMillis(50))).isFalse();

    clock.advance(Duration.ofSeconds(10));
    eventually(() -> attempts.size() == 2 && bus.stats().get("notes").pending() == 1);
    clock.advance(Duration.ofSeconds(20));

    assertThat(bus.awaitIdle(WAIT)).isTrue();
    assertThat(attempts).containsExactly(1, 2, 3);
    assertThat(bus.stats().get("notes")).isEqualTo(new TopicStats("notes", 0, 0, 0, 1));
  }

  @Test
  void messageFailingEveryAttemptIsDeadLetteredWithItsErrorAndReleasesItsKey() throws Exception {
    bus = new SqliteEventBus(db, FAST.withMaxAttempts(3), Clock.systemUTC());
    List<String> handled = new CopyOnWriteArrayList<>();
    AtomicBoolean healthy = new AtomicBoolean(false);
    bus.subscribe(
        "notes",
        m -> {
          handled.add(m.id() + "#" + m.attempt());
          if (m.id().equals("u1-0") && !healthy.get()) {
            throw new IllegalStateException("boom " + m.attempt());
          }
        });

    bus.publish(List.of(Note.of("u1", 0), Note.of("u1", 1)));

    assertThat(bus.awaitIdle(WAIT)).isTrue();
    assertThat(handled).containsExactly("u1-0#1", "u1-0#2", "u1-0#3", "u1-1#1");
    assertThat(bus.stats().get("notes")).isEqualTo(new TopicStats("notes", 0, 0, 1, 1));
    List<DeadLetter> dead = bus.deadLetters("notes", 10);
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).id()).isEqualTo("u1-0");
    assertThat(dead.get(0).attempts()).isEqualTo(3);
    assertThat(dead.get(0).lastError()).contains("IllegalStateException").contains("boom 3");
    assertThat(Json.decode(dead.get(0).data(), Note.class)).isEqualTo(Note.of("u1", 0));

    healthy.set(true);
    assertThat(bus.redrive("notes")).isEqualTo(1);

    assertThat(bus.awaitIdle(WAIT)).isTrue();
    assertThat(handled).endsWith("u1-0#1");
    assertThat(bus.stats().get("notes")).isEqualTo(new TopicStats("notes", 0, 0, 0, 2));
    assertThat(bus.deadLetters("notes", 10)).isEmpty();
  }

  @Test
  void publishedMessagesSurviveARestartBeforeAnyDelivery() throws Exception {
    bus = new SqliteEventBus(db, FAST, Clock.systemUTC());
    List<Note> notes = new ArrayList<>();
    for (int n = 0; n < 25; n++) {
      notes.add(Note.of("u1", n));
      notes.add(Note.of("u2", n));
    }
    bus.publish(notes);
    bus.close();
    db.close();

    db = new SqliteDatabase(dir.resolve("whisperer.db"));
    bus = new SqliteEventBus(db, FAST, Clock.systemUTC());
    List<Note> received = Collections.synchronizedList(new ArrayList<>());
    bus.subscribe("notes", m -> received.add(m.decode(Note.class)));

    assertThat(bus.awaitIdle(WAIT)).isTrue();
    assertThat(received).containsExactlyInAnyOrderElementsOf(notes);
    assertThat(received.stream().filter(n -> n.userId().equals("u1")).map(Note::n).toList())
        .isEqualTo(IntStream.range(0, 25).boxed().toList());
  }

  @Test
  void messagesInFlightWhenTheProcessDiedAreDeliveredAgainAfterARestart() throws Exception {
    bus = new SqliteEventBus(db, FAST, Clock.systemUTC());
    bus.publish(List.of(Note.of("u1", 0), Note.of("u1", 1)));
    bus.close();
    // what a worker leaves behind when the process dies mid-delivery of the first message
    db.write(
        c ->
            c.createStatement()
                .executeUpdate(
                    "UPDATE bus_messages SET state = 'in_flight', attempts = 1 WHERE id = 'u1-0'"));
    db.close();

    db = new SqliteDatabase(dir.resolve("whisperer.db"));
    bus = new SqliteEventBus(db, FAST, Clock.systemUTC());
    assertThat(bus.stats().get("notes")).isEqualTo(new TopicStats("notes", 2, 0, 0, 0));
    List<String> handled = new CopyOnWriteArrayList<>();
    bus.subscribe("notes", m -> handled.add(m.id() + "#" + m.attempt()));

    assertThat(bus.awaitIdle(WAIT)).isTrue();
    assertThat(handled).containsExactly("u1-0#2", "u1-1#1");
  }

  @Test
  void closingLetsTheMessageInHandFinishAndLeavesTheRestPendingForTheNextStart() throws Exception {
    bus = new SqliteEventBus(db, FAST, Clock.systemUTC());
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> handled = new CopyOnWriteArrayList<>();
    bus.subscribe(
        "notes",
        m -> {
          started.countDown();
          release.await();
          handled.add(m.id());
        });
    bus.publish(List.of(Note.of("u1", 0), Note.of("u1", 1), Note.of("u1", 2)));
    started.await();

    Thread closing =
        new Thread(
            () -> {
              try {
                bus.close();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    closing.start();
    eventually(() -> closing.getState() == Thread.State.TIMED_WAITING); // joining the worker
    release.countDown();
    closing.join();

    assertThat(handled).containsExactly("u1-0");
    assertThat(bus.stats().get("notes")).isEqualTo(new TopicStats("notes", 2, 0, 0, 1));

    bus = new SqliteEventBus(db, FAST, Clock.systemUTC());
    List<String> afterRestart = new CopyOnWriteArrayList<>();
    bus.subscribe("notes", m -> afterRestart.add(m.id() + "#" + m.attempt()));
    assertThat(bus.awaitIdle(WAIT)).isTrue();
    assertThat(afterRestart).containsExactly("u1-1#1", "u1-2#1");
  }

  @Test
  void publishingAPendingIdAgainChangesNothingButAnAcknowledgedIdIsDeliveredAnew()
      throws Exception {
    bus = new SqliteEventBus(db, FAST, Clock.systemUTC());
    Note first = Note.of("u1", 0);
    bus.publish(List.of(first));
    bus.publish(List.of(new Note("notes", first.id(), "app", "u1", 99)));
    assertThat(bus.stats().get("notes").pending()).isEqualTo(1);

    List<Note> received = new CopyOnWriteArrayList<>();
    bus.subscribe("notes", m -> received.add(m.decode(Note.class)));
    assertThat(bus.awaitIdle(WAIT)).isTrue();
    assertThat(received).containsExactly(first);

    bus.publish(List.of(first));
    assertThat(bus.awaitIdle(WAIT)).isTrue();
    assertThat(received).containsExactly(first, first);
  }

  @Test
  void messagesOfATopicWithoutSubscriberWaitAndDoNotKeepTheBusBusy() throws Exception {
    bus = new SqliteEventBus(db, FAST, Clock.systemUTC());
    bus.publish(List.of(new Note("elsewhere", "x", "app", "u1", 0)));

    assertThat(bus.awaitIdle(WAIT)).isTrue();
    assertThat(bus.stats().get("elsewhere")).isEqualTo(new TopicStats("elsewhere", 1, 0, 0, 0));
  }

  @Test
  void aBusDeliveringOnDrainDeliversOnlyWhenDrainedAndInTheSameOrderEveryTime() throws Exception {
    List<String> first = drainedDeliveries(dir.resolve("first.db"));
    List<String> second = drainedDeliveries(dir.resolve("second.db"));

    assertThat(first).hasSize(2 * 36).isEqualTo(second);
    assertThat(first.subList(0, 8))
        .as("the oldest batch of the first topic subscribed comes first")
        .containsExactly(
            "notes:u0-0",
            "notes:u1-0",
            "notes:u2-0",
            "notes:u0-1",
            "notes:u1-1",
            "notes:u2-1",
            "notes:u0-2",
            "notes:u1-2");
    for (String topic : List.of("notes", "echoes")) {
      assertThat(first.stream().filter(d -> d.startsWith(topic + ":u0-")).toList())
          .as("publish order per key on %s", topic)
          .isEqualTo(IntStream.range(0, 12).mapToObj(n -> topic + ":u0-" + n).toList());
    }
  }

  /**
   * Notes to three users, each echoed to a second topic by its handler, on a bus delivering on
   * drain: nothing is delivered before the drain; the deliveries, in order.
   */
  private List<String> drainedDeliveries(Path file) throws Exception {
    try (SqliteDatabase own = new SqliteDatabase(file)) {
      SqliteEventBus drained = SqliteEventBus.deliveringOnDrain(own, FAST, Clock.systemUTC());
      List<String> deliveries = new CopyOnWriteArrayList<>();
      drained.subscribe(
          "notes",
          m -> {
            Note note = m.decode(Note.class);
            deliveries.add("notes:" + note.id());
            drained.publish(
                List.of(new Note("echoes", note.id(), note.appId(), note.userId(), note.n())));
          });
      drained.subscribe("echoes", m -> deliveries.add("echoes:" + m.decode(Note.class).id()));
      List<Note> notes = new ArrayList<>();
      for (int n = 0; n < 12; n++) {
        for (String user : List.of("u0", "u1", "u2")) {
          notes.add(Note.of(user, n));
        }
      }
      drained.publish(notes);

      Thread.sleep(200);
      assertThat(deliveries).as("delivered before the drain").isEmpty();
      assertThat(drained.stats().get("notes").pending()).isEqualTo(36);

      assertThat(drained.awaitIdle(WAIT)).isTrue();
      drained.close();
      return List.copyOf(deliveries);
    }
  }

  @Test
  void aBusDeliveringOnDrainRetriesAFailedMessageWithinTheDrain() throws Exception {
    bus = SqliteEventBus.deliveringOnDrain(db, FAST, Clock.systemUTC());
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    bus.subscribe("notes", succeedsOnThirdAttempt(attempts));
    bus.publish(List.of(Note.of("u1", 0)));

    assertThat(bus.awaitIdle(WAIT)).isTrue();
    assertThat(attempts).containsExactly(1, 2, 3);
    assertThat(bus.stats().get("notes").delivered()).isEqualTo(1);
  }

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void closingABusDeliveringOnDrainEndsTheDrainInProgress() throws Exception {
    bus = SqliteEventBus.deliveringOnDrain(db, FAST, Clock.systemUTC());
    List<String> delivered = new CopyOnWriteArrayList<>();
    bus.subscribe(
        "notes",
        m -> {
          delivered.add(m.id());
          bus.close();
        });
    bus.publish(List.of(Note.of("u1", 0), Note.of("u1", 1)));

    assertThat(bus.awaitIdle(Duration.ofMinutes(10))).isFalse();
    assertThat(delivered).containsExactly("u1-0");
    assertThat(bus.stats().get("notes").pending()).isEqualTo(1);
  }

  @Test
  void aFailedMessageOfABatchInOneTransactionIsUndoneAloneAndAppliedOnceOnItsRetry()
      throws Exception {
    createAppliedTable();
    bus = new SqliteEventBus(db, FAST.withWorkersPerTopic(1), Clock.systemUTC());
    List<String> forwarded = new CopyOnWriteArrayList<>();
    bus.subscribe("next", m -> forwarded.add(m.id()));
    bus.subscribe(
        "notes",
        m -> {
          apply(m.id());
          // an output whose id names the attempt: one from an undone attempt must not survive
          bus.publish(List.of(new Note("next", m.id() + "#" + m.attempt(), "app", "x", 0)));
          if (m.id().equals("u3-0") && m.attempt() == 1) {
            throw new IllegalStateException("fails after writing");
          }
        },
        Delivery.BATCH_IN_ONE_TRANSACTION);
    bus.publish(IntStream.range(0, 6).mapToObj(u -> Note.of("u" + u, 0)).toList());

    assertThat(bus.awaitIdle(WAIT)).isTrue();
    assertThat(applied())
        .containsOnlyKeys("u0-0", "u1-0", "u2-0", "u3-0", "u4-0", "u5-0")
        .allSatisfy((id, times) -> assertThat(times).as(id).isEqualTo(1));
    assertThat(forwarded)
        .containsExactlyInAnyOrder("u0-0#1", "u1-0#1", "u2-0#1", "u3-0#2", "u4-0#1", "u5-0#1");
    assertThat(bus.stats().get("notes")).isEqualTo(new TopicStats("notes", 0, 0, 0, 6));
  }

  @Test
  void aCrashInTheMiddleOfABatchInOneTransactionAppliesNothingOfItAndLosesNothing()
      throws Exception {
    createAppliedTable();
    bus = new SqliteEventBus(db, FAST.withWorkersPerTopic(1), Clock.systemUTC());
    CountDownLatch crashed = new CountDownLatch(1);
    bus.subscribe(
        "notes",
        m -> {
          apply(m.id());
          if (m.id().equals("u3-0")) {
            crashed.countDown();
            throw new InternalError("the process dies here"); // a VirtualMachineError: not caught
          }
        },
        Delivery.BATCH_IN_ONE_TRANSACTION);
    bus.publish(IntStream.range(0, 6).mapToObj(u -> Note.of("u" + u, 0)).toList());
    crashed.await();
    bus.close();

    assertThat(applied()).as("the messages before the crash are undone with it").isEmpty();
    db.close();
    db = new SqliteDatabase(dir.resolve("whisperer.db"));
    bus = new SqliteEventBus(db, FAST.withWorkersPerTopic(1), Clock.systemUTC());
    bus.subscribe("notes", m -> apply(m.id()), Delivery.BATCH_IN_ONE_TRANSACTION);

    assertThat(bus.awaitIdle(WAIT)).isTrue();
    assertThat(applied())
        .containsOnlyKeys("u0-0", "u1-0", "u2-0", "u3-0", "u4-0", "u5-0")
        .allSatisfy((id, times) -> assertThat(times).as(id).isEqualTo(1));
  }

  @Test
  void aPreparingHandlerPreparesTheMessagesOfABatchOnAnotherThreadAndFailingToPrepareLosesNothing()
      throws Exception {
    createAppliedTable();
    bus = new SqliteEventBus(db, FAST.withWorkersPerTopic(1), Clock.systemUTC());
    Map<String, String> preparedOn = new ConcurrentHashMap<>();
    bus.subscribe(
        "notes",
        new PreparingHandler() {
          @Override
          public void handle(BusMessage m) {
            apply(m.id());
          }

          @Override
          public void prepare(BusMessage m) {
            preparedOn.put(m.id(), Thread.currentThread().getName());
            if (m.id().equals("u2-0")) {
              throw new IllegalStateException("cannot prepare");
            }
          }
        },
        Delivery.BATCH_IN_ONE_TRANSACTION);
    bus.publish(IntStream.range(0, 6).mapToObj(u -> Note.of("u" + u, 0)).toList());

    assertThat(bus.awaitIdle(WAIT)).isTrue();
    assertThat(applied())
        .containsOnlyKeys("u0-0", "u1-0", "u2-0", "u3-0", "u4-0", "u5-0")
        .allSatisfy((id, times) -> assertThat(times).as(id).isEqualTo(1));
    eventually(() -> preparedOn.size() == 6);
    assertThat(preparedOn.values()).containsOnly("bus-prepare");
  }

  @Test
  void aBatchCutShortByItsBudgetLeavesTheRestForTheNextClaimsAndDeliversEveryMessageOnce()
      throws Exception {
    createAppliedTable();
    bus = new SqliteEventBus(db, FAST.withWorkersPerTopic(1), Clock.systemUTC());
    bus.subscribe(
        "notes",
        m -> {
          apply(m.id());
          // each message outlasts the transaction's budget, so each batch is cut after one
          Thread.sleep(SqliteEventBus.TRANSACTION_BUDGET.toMillis() + 5);
        },
        Delivery.BATCH_IN_ONE_TRANSACTION);
    bus.publish(IntStream.range(0, 12).mapToObj(n -> Note.of("u" + n, 0)).toList());

    assertThat(bus.awaitIdle(WAIT)).isTrue();
    assertThat(applied())
        .hasSize(12)
        .allSatisfy((id, times) -> assertThat(times).as(id).isEqualTo(1));
    assertThat(bus.stats().get("notes")).isEqualTo(new TopicStats("notes", 0, 0, 0, 12));
  }

  private void createAppliedTable() {
    db.write(
        c ->
            c.createStatement().executeUpdate("CREATE TABLE applied (id TEXT PRIMARY KEY, n INT)"));
  }

  /** What a stage's store does: an effect of its own transaction, counted per message. */
  private void apply(String id) {
    db.write(
        c -> {
          try (var p =
              c.prepareStatement(
                  "INSERT INTO applied VALUES (?, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1")) {
            p.setString(1, id);
            return p.executeUpdate();
          }
        });
  }

  private Map<String, Integer> applied() {
    return db.read(
        c -> {
          Map<String, Integer> out = new java.util.TreeMap<>();
          try (var rs = c.createStatement().executeQuery("SELECT id, n FROM applied")) {
            while (rs.next()) {
              out.put(rs.getString(1), rs.getInt(2));
            }
          }
          return out;
        });
  }

  /** A handler that notes each attempt and fails the first two. */
  private static MessageHandler succeedsOnThirdAttempt(List<Integer> attempts) {
    return m -> {
      attempts.add(m.attempt());
      if (m.attempt() < 3) {
        throw new IllegalStateException("not yet");
      }
    };
  }

  private static List<Integer> withoutRepeats(List<Integer> seen) {
    List<Integer> out = new ArrayList<>();
    for (Integer n : seen) {
      if (out.isEmpty() || !out.get(out.size() - 1).equals(n)) {
        out.add(n);
      }
    }
    return out;
  }

  private static void eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within %s", WAIT).isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
