package dev.userwhisperer.local.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.ScheduledTask;
import dev.userwhisperer.core.profile.Activity;
import dev.userwhisperer.core.profile.ArmCounts;
import dev.userwhisperer.core.profile.Arms;
import dev.userwhisperer.core.profile.Billing;
import dev.userwhisperer.core.profile.LifecycleStage;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Reachability;
import dev.userwhisperer.core.profile.Responsiveness;
import dev.userwhisperer.core.profile.Responsiveness.PendingSend;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteProfileStoreIT {
  @TempDir Path dir;
  SqliteDatabase db;
  SqliteProfileStore store;

  @BeforeEach
  void open() {
    db = new SqliteDatabase(dir.resolve("data/whisperer.db"));
    store = new SqliteProfileStore(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void aProfileRowOfTheOlderJsonEncodingIsReadAndRewrittenCompactlyByTheNextUpdate() {
    Profile older =
        Profile.empty("app", "u1")
            .withChurn(
                new dev.userwhisperer.core.profile.ChurnScore(
                    0.25, "m1", java.time.Instant.parse("2026-01-05T13:00:00Z"), null));
    db.write(
        c -> {
          try (var p =
              c.prepareStatement(
                  "INSERT INTO profiles (app_id, user_id, doc, updated_at) VALUES (?, ?, ?, NULL)")) {
            p.setString(1, "app");
            p.setString(2, "u1");
            p.setString(3, dev.userwhisperer.core.json.Json.encodeToString(older));
            return p.executeUpdate();
          }
        });

    assertThat(store.find("app", "u1")).contains(older);
    Profile updated =
        store.update(
            "app",
            "u1",
            p ->
                p.withResponsiveness(
                    p.responsiveness()
                        .withPending(
                            new PendingSend(
                                "m1",
                                Channel.PUSH,
                                13,
                                java.time.Instant.parse("2026-01-05T13:00:00Z")))));

    byte[] row =
        db.read(
            c -> {
              try (var rs =
                  c.createStatement()
                      .executeQuery("SELECT doc FROM profiles WHERE user_id = 'u1'")) {
                rs.next();
                return rs.getBytes(1);
              }
            });
    assertThat(row[0]).isEqualTo(ProfileEncoding.SMILE_V1);
    assertThat(row.length).isLessThan(dev.userwhisperer.core.json.Json.encode(updated).length);
    assertThat(store.find("app", "u1")).contains(updated);
  }

  @Test
  void profilesOfADatabaseWithTheWithoutRowidTableMoveToTheRowidTableWithTheirColumns()
      throws Exception {
    db.close();
    Path older = dir.resolve("older/whisperer.db");
    java.nio.file.Files.createDirectories(older.getParent());
    Profile kept = withTrait(Profile.empty("app", "u1"), "plan", "pro");
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + older);
        var s = c.createStatement()) {
      s.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT)");
      for (int v = 1; v < SqliteSchema.latestVersion(); v++) {
        s.execute("INSERT INTO schema_version VALUES (" + v + ", 'x')");
      }
      s.execute(
          "CREATE TABLE profiles (app_id TEXT NOT NULL, user_id TEXT NOT NULL, doc TEXT NOT NULL,"
              + " updated_at INTEGER, merged_into TEXT, sweep_shard INTEGER, next_due_at INTEGER,"
              + " PRIMARY KEY (app_id, user_id)) WITHOUT ROWID");
      s.execute("CREATE INDEX profiles_by_next_due ON profiles (next_due_at)");
      try (var p = c.prepareStatement("INSERT INTO profiles VALUES (?, ?, ?, 7, 'u0', 3, 42)")) {
        p.setString(1, "app");
        p.setString(2, "u1");
        p.setBytes(3, ProfileEncoding.encode(kept));
        p.executeUpdate();
      }
    }

    db = new SqliteDatabase(older);
    store = new SqliteProfileStore(db);

    assertThat(store.find("app", "u1")).contains(kept);
    assertThat(store.mergedInto("app", "u0")).containsExactly("u1");
    List<Object> columns =
        db.read(
            c -> {
              try (var rs =
                  c.createStatement()
                      .executeQuery(
                          "SELECT rowid, updated_at, sweep_shard, next_due_at FROM profiles")) {
                rs.next();
                return List.of(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getLong(4));
              }
            });
    assertThat(columns).containsExactly(1L, 7L, 3, 42L);
  }

  @Test
  void theBanditCountsAndPendingMessagesSurviveTheStore() {
    var learned =
        new Responsiveness(
                Map.of("email", new ArmCounts(3, 1), Arms.hour(40), ArmCounts.FAILURE),
                List.of(),
                2)
            .withPending(
                new PendingSend(
                    "m1", Channel.PUSH, 13, java.time.Instant.parse("2026-01-05T13:00:00Z")));

    store.update("app", "u1", p -> p.withResponsiveness(learned));

    assertThat(store.find("app", "u1").orElseThrow().responsiveness()).isEqualTo(learned);
  }

  @Test
  void unknownUserHasNoProfileAndUpdateStartsFromTheEmptyOne() {
    assertThat(store.find("app", "u1")).isEmpty();

    Profile written =
        store.update(
            "app",
            "u1",
            p -> {
              assertThat(p).isEqualTo(Profile.empty("app", "u1"));
              return withTrait(p, "plan", "pro");
            });

    assertThat(store.find("app", "u1")).contains(written);
    assertThat(store.find("other", "u1")).isEmpty();
  }

  @Test
  void wholeProfileDocumentRoundTripsAcrossReopening() {
    Profile full =
        new Profile(
            "app",
            "u1",
            Map.of("email", "ada@example.com", "age", 36),
            new Reachability(
                "ada@example.com",
                "+15550100",
                null,
                Map.of(Channel.EMAIL, true),
                Set.of(Channel.SMS)),
            new Activity(
                Samples.T0, Samples.T0.plusSeconds(60), Samples.T0, 3, 1, Map.of("user_login", 2L)),
            new Billing(
                Billing.BillingStatus.TRIALING,
                "pro",
                Samples.T0,
                Samples.T0.plusSeconds(86400),
                0),
            LifecycleStage.ONBOARDING,
            null,
            null,
            null,
            null,
            List.of("m1", "m2"),
            Samples.T0.plusSeconds(60));
    store.update("app", "u1", p -> full);
    db.close();

    db = new SqliteDatabase(dir.resolve("data/whisperer.db"));
    Profile read = new SqliteProfileStore(db).find("app", "u1").orElseThrow();

    assertThat(read).usingRecursiveComparison().ignoringFields("traits").isEqualTo(full);
    assertThat(read.traits()).containsEntry("email", "ada@example.com");
    assertThat(((Number) read.traits().get("age")).intValue()).isEqualTo(36);
  }

  @Test
  void everyReadSeesTheLastCommitThoughItsStatementIsPreparedOncePerConnection() {
    // more rounds than read connections: each connection's kept statement is used again
    for (int round = 0; round < 12; round++) {
      String plan = "plan-" + round;
      store.update("app", "u1", p -> withTrait(p, "plan", plan));
      store.prefetch("app", List.of("u1"));

      assertThat(store.find("app", "u1").orElseThrow().trait("plan")).isEqualTo(plan);
      assertThat(db.transaction(c -> store.find("app", "u1")).orElseThrow().trait("plan"))
          .isEqualTo(plan);
    }
  }

  @Test
  void aWriteUndoneInsideATransactionLeavesTheKeptStatementsUsable() {
    store.update("app", "u1", p -> withTrait(p, "plan", "free"));

    db.transaction(
        c -> {
          assertThatThrownBy(
                  () ->
                      store.update(
                          "app",
                          "u1",
                          p -> {
                            throw new IllegalStateException("boom");
                          }))
              .hasMessage("boom");
          store.update("app", "u2", p -> withTrait(p, "plan", "pro"));
          return null;
        });

    assertThat(store.find("app", "u1").orElseThrow().trait("plan")).isEqualTo("free");
    assertThat(store.find("app", "u2").orElseThrow().trait("plan")).isEqualTo("pro");
  }

  @Test
  void anUpdateInsideATransactionIsSeenByLaterReadsOfItsThreadAndWrittenOnlyAtTheEnd() {
    db.transaction(
        c -> {
          store.update("app", "u1", p -> withTrait(p, "counter", 1));
          Profile second = store.update("app", "u1", p -> withTrait(p, "counter", counter(p) + 1));
          assertThat(counter(second)).isEqualTo(2);
          assertThat(counter(store.find("app", "u1").orElseThrow())).isEqualTo(2);
          assertThat(rowCount(c)).isZero();
          return null;
        });

    assertThat(counter(store.find("app", "u1").orElseThrow())).isEqualTo(2);
    assertThat(rowCount()).isEqualTo(1);
  }

  @Test
  void aTransactionRolledBackLeavesNoProfileBehindForTheNextTransaction() {
    store.update("app", "u1", p -> withTrait(p, "counter", 1));

    assertThatThrownBy(
            () ->
                db.transaction(
                    c -> {
                      store.update("app", "u1", p -> withTrait(p, "counter", counter(p) + 1));
                      store.update("app", "u2", p -> withTrait(p, "counter", 7));
                      throw new IllegalStateException("crash before commit");
                    }))
        .hasMessage("crash before commit");

    db.transaction(
        c -> {
          assertThat(counter(store.find("app", "u1").orElseThrow())).isEqualTo(1);
          assertThat(store.find("app", "u2")).isEmpty();
          return null;
        });
    assertThat(counter(store.find("app", "u1").orElseThrow())).isEqualTo(1);
    assertThat(store.find("app", "u2")).isEmpty();
  }

  @Test
  void aSavepointUndoneInsideATransactionForgetsOnlyItsOwnHeldUpdates() {
    db.transaction(
        c -> {
          store.update("app", "u1", p -> withTrait(p, "counter", 1));
          assertThatThrownBy(
                  () ->
                      db.write(
                          savepoint -> {
                            store.update("app", "u1", p -> withTrait(p, "counter", 50));
                            store.update("app", "u2", p -> withTrait(p, "counter", 50));
                            throw new IllegalStateException("message failed");
                          }))
              .hasMessage("message failed");
          assertThat(counter(store.find("app", "u1").orElseThrow())).isEqualTo(1);
          assertThat(store.find("app", "u2")).isEmpty();
          db.write(
              savepoint -> store.update("app", "u2", p -> withTrait(p, "counter", counter(p) + 2)));
          return null;
        });

    assertThat(counter(store.find("app", "u1").orElseThrow())).isEqualTo(1);
    assertThat(counter(store.find("app", "u2").orElseThrow())).isEqualTo(2);
  }

  @Test
  void theMergesAndDueChecksOfHeldUpdatesAreSeenInsideTheirTransaction() {
    Instant due = Instant.parse("2026-01-05T13:00:00Z");
    store.update("app", "old", p -> p.markedMergedInto("someone-else"));
    db.transaction(
        c -> {
          store.update("app", "anon", p -> p.markedMergedInto("u1"));
          store.update("app", "old", p -> p.markedMergedInto("u1"));
          store.update(
              "app",
              "u1",
              p ->
                  p.withSchedule(
                      p.schedule()
                          .with(
                              new ScheduledTask(
                                  "t1",
                                  "app",
                                  "u1",
                                  ScheduledTask.TaskKind.INACTIVITY_CHECK,
                                  due,
                                  Map.of()))));
          assertThat(store.mergedInto("app", "u1")).containsExactly("anon", "old");
          assertThat(store.mergedInto("app", "someone-else")).isEmpty();
          assertThat(store.due(-1, due, 10)).extracting(Profile::userId).containsExactly("u1");
          return null;
        });
    assertThat(store.mergedInto("app", "u1")).containsExactly("anon", "old");
    assertThat(store.due(-1, due, 10)).extracting(Profile::userId).containsExactly("u1");
  }

  private long rowCount() {
    return db.read(this::rowCount);
  }

  private long rowCount(java.sql.Connection c) throws java.sql.SQLException {
    try (var s = c.createStatement();
        var rs = s.executeQuery("SELECT count(*) FROM profiles")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void failingChangeWritesNothing() {
    store.update("app", "u1", p -> withTrait(p, "plan", "free"));

    assertThatThrownBy(
            () ->
                store.update(
                    "app",
                    "u1",
                    p -> {
                      throw new IllegalStateException("boom");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom");

    assertThat(store.find("app", "u1").orElseThrow().trait("plan")).isEqualTo("free");
  }

  @Test
  void concurrentUpdatesOfOneProfileAreAllApplied() throws Exception {
    int threads = 8;
    int perThread = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    store.update("app", "u1", p -> withTrait(p, "counter", counter(p) + 1));
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }

    assertThat(counter(store.find("app", "u1").orElseThrow())).isEqualTo(threads * perThread);
  }

  @Test
  void aPrefetchedProfileIsTakenByItsUpdateAndAnUnknownUserPrefetchesNothing() {
    store.update("app", "u1", p -> withTrait(p, "counter", 1));

    store.prefetch("app", List.of("u1", "nobody"));
    assertThat(store.prefetchedCount()).isEqualTo(1);
    Profile next = store.update("app", "u1", p -> withTrait(p, "counter", counter(p) + 1));

    assertThat(counter(next)).isEqualTo(2);
    assertThat(store.prefetchedCount()).isZero();
    assertThat(counter(store.find("app", "u1").orElseThrow())).isEqualTo(2);
  }

  @Test
  void anUpdateAfterAFindTakesTheProfileTheFindDecoded() {
    store.update("app", "u1", p -> withTrait(p, "counter", 1));

    Profile found = store.find("app", "u1").orElseThrow();
    assertThat(store.prefetchedCount()).isEqualTo(1);
    List<Profile> seen = new ArrayList<>();
    store.update(
        "app",
        "u1",
        p -> {
          seen.add(p);
          return withTrait(p, "counter", counter(p) + 1);
        });

    assertThat(seen).singleElement().isSameAs(found);
    assertThat(store.prefetchedCount()).isZero();
    assertThat(counter(store.find("app", "u1").orElseThrow())).isEqualTo(2);
  }

  @Test
  void aPrefetchedProfileChangedSinceByAnotherWriterIsReadAgainByTheUpdate() {
    store.update("app", "u1", p -> withTrait(p, "counter", 1));
    store.prefetch("app", List.of("u1"));

    // another store on the same file: its write does not pass through this store's prefetch
    new SqliteProfileStore(db).update("app", "u1", p -> withTrait(p, "counter", 10));
    Profile next = store.update("app", "u1", p -> withTrait(p, "counter", counter(p) + 1));

    assertThat(counter(next)).isEqualTo(11);
  }

  @Test
  void prefetchingWhileUpdatesRunLosesNoUpdate() throws Exception {
    int threads = 4;
    int perThread = 50;
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    try {
      Future<?> prefetching =
          pool.submit(
              () -> {
                while (!done.get()) {
                  store.prefetch("app", List.of("u1"));
                }
              });
      List<Future<?>> updates = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        updates.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    store.update("app", "u1", p -> withTrait(p, "counter", counter(p) + 1));
                  }
                }));
      }
      for (Future<?> f : updates) {
        f.get();
      }
      done.set(true);
      prefetching.get();
    } finally {
      pool.shutdown();
    }

    assertThat(counter(store.find("app", "u1").orElseThrow())).isEqualTo(threads * perThread);
  }

  private static long counter(Profile p) {
    return p.traits().get("counter") instanceof Number n ? n.longValue() : 0;
  }

  private static Profile withTrait(Profile p, String key, Object value) {
    Map<String, Object> traits = new HashMap<>(p.traits());
    traits.put(key, value);
    return new Profile(
        p.appId(),
        p.userId(),
        traits,
        p.reachability(),
        p.activity(),
        p.billing(),
        p.lifecycle(),
        p.features(),
        p.insights(),
        p.churn(),
        p.responsiveness(),
        p.recentMessageIds(),
        p.updatedAt());
  }
}
