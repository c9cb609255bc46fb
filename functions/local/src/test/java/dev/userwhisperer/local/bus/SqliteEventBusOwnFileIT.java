package dev.userwhisperer.local.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.local.store.SqliteDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A topic in a SQLite file of its own (as the intake's {@code events}), its handler writing to the
 * bus's file: each message's effects are applied once across the crash windows between the two
 * files' commits.
 */
class SqliteEventBusOwnFileIT {
  private static final BusConfig ONE_WORKER = SqliteEventBusIT.FAST.withWorkersPerTopic(1);

  @TempDir Path dir;
  SqliteDatabase db;
  SqliteDatabase own;
  SqliteEventBus bus;

  @BeforeEach
  void open() {
    db = new SqliteDatabase(dir.resolve("whisperer.db"));
    own = new SqliteDatabase(dir.resolve("intake.db"));
    db.write(
        c ->
            c.createStatement().executeUpdate("CREATE TABLE applied (id TEXT PRIMARY KEY, n INT)"));
  }

  @AfterEach
  void close() throws InterruptedException {
    if (bus != null) {
      bus.close();
    }
    own.close();
    db.close();
  }

  @Test
  void messagesWaitInTheirOwnFileAndTheirEffectsCommitInTheBussFile() throws Exception {
    bus = openBus();
    bus.publish(IntStream.range(0, 20).mapToObj(u -> Note.of("u" + u, 0)).toList());
    assertThat(rows(own, "SELECT count(*) FROM bus_messages")).isEqualTo(20);
    assertThat(rows(db, "SELECT count(*) FROM bus_messages")).isZero();

    bus.subscribe("notes", m -> apply(m.id()), Delivery.BATCH_IN_ONE_TRANSACTION);

    assertThat(bus.awaitIdle(SqliteEventBusIT.WAIT)).isTrue();
    assertThat(applied()).hasSize(20).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
    assertThat(bus.stats().get("notes")).isEqualTo(new TopicStats("notes", 0, 0, 0, 20));
    assertThat(rows(own, "SELECT count(*) FROM bus_messages")).isZero();
    assertThat(rows(db, "SELECT count(*) FROM bus_consumed"))
        .as("no marker outlives its acknowledgement (ids may name a user)")
        .isZero();
  }

  @Test
  void aMessageHandledBeforeTheProcessDiedButNotAcknowledgedIsNotHandledAgain() throws Exception {
    bus = openBus();
    bus.publish(IntStream.range(0, 4).mapToObj(u -> Note.of("u" + u, 0)).toList());
    bus.close();
    // the state a kill -9 leaves between the handler's commit and the acknowledgement's: u1-0's
    // effect and its marker in the bus's file, the message still in flight in its own file
    apply("u1-0");
    db.write(
        c ->
            c.createStatement().executeUpdate("INSERT INTO bus_consumed VALUES ('notes', 'u1-0')"));
    own.write(
        c ->
            c.createStatement()
                .executeUpdate("UPDATE bus_messages SET state = 'in_flight' WHERE id = 'u1-0'"));

    bus = openBus();
    List<String> handled = new CopyOnWriteArrayList<>();
    bus.subscribe(
        "notes",
        m -> {
          handled.add(m.id());
          apply(m.id());
        },
        Delivery.BATCH_IN_ONE_TRANSACTION);

    assertThat(bus.awaitIdle(SqliteEventBusIT.WAIT)).isTrue();
    assertThat(handled).containsExactlyInAnyOrder("u0-0", "u2-0", "u3-0");
    assertThat(applied())
        .containsOnlyKeys("u0-0", "u1-0", "u2-0", "u3-0")
        .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
    assertThat(rows(own, "SELECT count(*) FROM bus_messages")).isZero();
    assertThat(rows(db, "SELECT count(*) FROM bus_consumed WHERE id = 'u1-0'")).isZero();
  }

  @Test
  void aMarkedMessageDeliveredAgainWhileRunningIsAcknowledgedWithoutItsHandler() throws Exception {
    bus = openBus();
    // delivered once before: only then can a message have been handled without being acknowledged
    bus.publish(List.of(Note.of("u6", 0), Note.of("u7", 0)));
    own.write(c -> c.createStatement().executeUpdate("UPDATE bus_messages SET attempts = 1"));
    db.write(
        c ->
            c.createStatement().executeUpdate("INSERT INTO bus_consumed VALUES ('notes', 'u7-0')"));
    List<String> handled = new CopyOnWriteArrayList<>();
    bus.subscribe("notes", m -> handled.add(m.id()), Delivery.BATCH_IN_ONE_TRANSACTION);

    assertThat(bus.awaitIdle(SqliteEventBusIT.WAIT)).isTrue();
    assertThat(handled).containsExactly("u6-0");
    assertThat(bus.stats().get("notes").delivered()).isEqualTo(2);
  }

  @Test
  void aCrashInTheMiddleOfABatchLeavesNoMarkerAndEveryMessageIsAppliedOnceAfterTheRestart()
      throws Exception {
    bus = openBus();
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
    assertThat(applied()).isEmpty();
    assertThat(rows(db, "SELECT count(*) FROM bus_consumed")).isZero();

    bus = openBus();
    bus.subscribe("notes", m -> apply(m.id()), Delivery.BATCH_IN_ONE_TRANSACTION);

    assertThat(bus.awaitIdle(SqliteEventBusIT.WAIT)).isTrue();
    assertThat(applied())
        .containsOnlyKeys("u0-0", "u1-0", "u2-0", "u3-0", "u4-0", "u5-0")
        .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
  }

  @Test
  void aFailingMessageIsRetriedAndDeadLetteredInItsOwnFile() throws Exception {
    bus = openBus();
    bus.subscribe(
        "notes",
        m -> {
          apply(m.id());
          throw new IllegalStateException("never");
        },
        Delivery.BATCH_IN_ONE_TRANSACTION);
    bus.publish(List.of(Note.of("u1", 0)));

    long deadline = System.nanoTime() + SqliteEventBusIT.WAIT.toNanos();
    while (bus.stats().get("notes").deadLettered() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(bus.deadLetters("notes", 10)).extracting(DeadLetter::id).containsExactly("u1-0");
    assertThat(rows(own, "SELECT count(*) FROM bus_dead_letters")).isEqualTo(1);
    assertThat(applied()).as("every attempt was undone").isEmpty();
    assertThat(rows(db, "SELECT count(*) FROM bus_consumed")).isZero();
  }

  private SqliteEventBus openBus() {
    return new SqliteEventBus(db, Map.of("notes", own), ONE_WORKER, Clock.systemUTC());
  }

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
          Map<String, Integer> out = new TreeMap<>();
          try (var rs = c.createStatement().executeQuery("SELECT id, n FROM applied")) {
            while (rs.next()) {
              out.put(rs.getString(1), rs.getInt(2));
            }
          }
          return out;
        });
  }

  private static long rows(SqliteDatabase file, String sql) {
    return file.read(
        c -> {
          try (var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }
}
