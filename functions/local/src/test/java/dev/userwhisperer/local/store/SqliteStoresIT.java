package dev.userwhisperer.local.store;

import static dev.userwhisperer.local.store.Samples.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.ScheduledTask;
import dev.userwhisperer.core.message.ScheduledTask.TaskKind;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.IngestDedup;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.QuarantinedEvent;
import dev.userwhisperer.core.port.Violation;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Schedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoresIT {
  @TempDir Path dir;
  SqliteDatabase db;

  @BeforeEach
  void open() {
    db = new SqliteDatabase(dir.resolve("whisperer.db"));
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void databaseIsInWalModeAtTheLatestSchemaVersionAndReopensWithoutMigratingAgain() {
    db.close();
    db = new SqliteDatabase(dir.resolve("whisperer.db"));

    String journalMode =
        db.read(
            c -> {
              try (ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
                rs.next();
                return rs.getString(1);
              }
            });
    List<Integer> versions =
        db.read(
            c -> {
              try (ResultSet rs =
                  c.createStatement()
                      .executeQuery("SELECT count(*), max(version) FROM schema_version")) {
                rs.next();
                return List.of(rs.getInt(1), rs.getInt(2));
              }
            });

    assertThat(journalMode).isEqualToIgnoringCase("wal");
    assertThat(versions)
        .containsExactly(SqliteSchema.latestVersion(), SqliteSchema.latestVersion());
  }

  @Test
  void aKeptStatementThatFailedInAnUndoneWriteRunsAgainInTheNextOne() {
    String insert = "INSERT INTO api_keys VALUES (?, 'app', 'x')";
    db.write(c -> insertKey(c, insert, "h1"));

    assertThatThrownBy(() -> db.write(c -> insertKey(c, insert, "h1")))
        .hasMessageContaining("UNIQUE");
    db.write(c -> insertKey(c, insert, "h2"));

    int keys =
        db.read(
            c -> {
              try (ResultSet rs =
                  c.createStatement().executeQuery("SELECT count(*) FROM api_keys")) {
                rs.next();
                return rs.getInt(1);
              }
            });
    assertThat(keys).isEqualTo(2);
  }

  private int insertKey(java.sql.Connection c, String sql, String hash)
      throws java.sql.SQLException {
    var p = db.prepared(c, sql);
    p.setString(1, hash);
    return p.executeUpdate();
  }

  @Test
  void commitsNeverCheckpointTheBackgroundThreadDoes() throws Exception {
    long autoCheckpointPages =
        db.write(
            c -> {
              try (ResultSet rs = c.createStatement().executeQuery("PRAGMA wal_autocheckpoint")) {
                rs.next();
                return rs.getLong(1);
              }
            });
    assertThat(autoCheckpointPages).as("automatic checkpoints on the writer").isZero();

    Path file = dir.resolve("whisperer.db");
    long before = Files.size(file);
    String row = "x".repeat(1_000);
    for (int i = 0; i < 2_000; i++) {
      int n = i;
      db.write(
          c ->
              c.createStatement()
                  .executeUpdate(
                      "INSERT INTO api_keys VALUES ('h" + n + "', 'app', '" + row + "')"));
    }

    // commits go to the WAL; only a checkpoint copies them into the database file, and nothing
    // but the background thread checkpoints
    long deadline =
        System.nanoTime() + SqliteDatabase.CHECKPOINT_INTERVAL.multipliedBy(10).toNanos();
    while (Files.size(file) < before + 2_000_000 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(Files.size(file)).isGreaterThan(before + 2_000_000);
  }

  @Test
  void writeInsideAWriteIsRefusedAndTheOuterWriteRollsBack() {
    var keys = new SqliteApiKeyStore(db);

    assertThatThrownBy(
            () ->
                db.write(
                    c -> {
                      c.createStatement()
                          .executeUpdate("INSERT INTO api_keys VALUES ('h0', 'app', '{}')");
                      keys.save(new ApiKey("h1", "app", Set.of(), T0, null));
                      return null;
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("inside a write");

    assertThat(keys.findByHash("h0")).isEmpty();
    assertThat(keys.findByHash("h1")).isEmpty();
  }

  @Test
  void writesInATransactionAreSavepointsWhoseStateItsReadsSeeAndWhichFailAlone() {
    var keys = new SqliteApiKeyStore(db);

    int seenInside =
        db.transaction(
            c -> {
              keys.save(new ApiKey("h1", "app", Set.of(), T0, null));
              assertThatThrownBy(
                      () ->
                          db.write(
                              w -> {
                                keys.save(new ApiKey("h2", "app", Set.of(), T0, null));
                                throw new IllegalStateException("this write fails");
                              }))
                  .hasMessage("this write fails");
              assertThat(keys.findByHash("h2")).isEmpty();
              return keys.findByHash("h1").isPresent() ? 1 : 0;
            });

    assertThat(seenInside).as("a read inside sees the transaction's own write").isEqualTo(1);
    assertThat(keys.findByHash("h1")).isPresent();
    assertThat(keys.findByHash("h2")).isEmpty();
  }

  @Test
  void aTransactionThatThrowsKeepsNoneOfItsWrites() {
    var keys = new SqliteApiKeyStore(db);

    assertThatThrownBy(
            () ->
                db.transaction(
                    c -> {
                      keys.save(new ApiKey("h1", "app", Set.of(), T0, null));
                      throw new IllegalStateException("crash");
                    }))
        .hasMessage("crash");

    assertThat(keys.findByHash("h1")).isEmpty();
  }

  @Test
  void dueProfilesOfAShardComeEarliestFirstAndLeaveTheIndexWithTheirLastTask() {
    var profiles = new SqliteProfileStore(db);
    List<String> users = usersOfOneShard(3);
    int shard = ProfileStore.sweepShard("app", users.get(0));
    schedule(profiles, task(users.get(0), T0.plusSeconds(30)));
    schedule(profiles, task(users.get(1), T0.plusSeconds(10)));
    schedule(profiles, task(users.get(2), T0.plusSeconds(90)));
    profiles.update("app", "no-tasks", p -> p);

    assertThat(profiles.due(shard, T0.plusSeconds(30), 10))
        .extracting(Profile::userId)
        .containsExactly(users.get(1), users.get(0));
    assertThat(profiles.due(shard, T0.plusSeconds(90), 2))
        .extracting(Profile::userId)
        .containsExactly(users.get(1), users.get(0));
    assertThat(profiles.due((shard + 1) % ProfileStore.SWEEP_SHARDS, T0.plusSeconds(90), 10))
        .extracting(Profile::userId)
        .doesNotContainAnyElementsOf(users);

    profiles.update("app", users.get(1), p -> p.withSchedule(Schedule.NONE));
    assertThat(profiles.due(shard, T0.plusSeconds(90), 10))
        .extracting(Profile::userId)
        .containsExactly(users.get(0), users.get(2));
  }

  @Test
  void tasksOfADatabaseFromBeforeMoveOntoTheirProfilesAndTheirTableGoes() {
    ScheduledTask kept = task("u1", T0.plusSeconds(30));
    db.write(
        c -> {
          try (var p =
              c.prepareStatement(
                  "INSERT INTO profiles (app_id, user_id, doc) VALUES ('app', 'u1', ?)")) {
            p.setBytes(1, ProfileEncoding.encode(Profile.empty("app", "u1")));
            p.executeUpdate();
          }
          try (var p =
              c.prepareStatement(
                  "INSERT INTO scheduled_tasks (id, due_at, doc) VALUES (?, ?, ?)")) {
            for (ScheduledTask t : List.of(kept, task("gone", T0))) {
              p.setString(1, t.id());
              p.setLong(2, SqliteDatabase.nanos(t.dueAt()));
              p.setString(3, Json.encodeToString(t));
              p.executeUpdate();
            }
          }
          return null;
        });

    var profiles = new SqliteProfileStore(db);

    assertThat(profiles.find("app", "u1").orElseThrow().schedule().tasks()).containsExactly(kept);
    assertThat(profiles.find("app", "gone")).as("no profile, nothing to check").isEmpty();
    assertThat(profiles.due(ProfileStore.sweepShard("app", "u1"), T0.plusSeconds(30), 10))
        .extracting(Profile::userId)
        .containsExactly("u1");
    boolean tableLeft =
        db.read(
            c -> {
              try (ResultSet rs =
                  c.createStatement()
                      .executeQuery("SELECT 1 FROM sqlite_master WHERE name = 'scheduled_tasks'")) {
                return rs.next();
              }
            });
    assertThat(tableLeft).isFalse();
    assertThat(new SqliteProfileStore(db).find("app", "u1")).isPresent();
  }

  private static void schedule(SqliteProfileStore profiles, ScheduledTask task) {
    profiles.update(task.appId(), task.userId(), p -> p.withSchedule(p.schedule().with(task)));
  }

  /** {@code n} user ids of app "app" in one sweep shard. */
  private static List<String> usersOfOneShard(int n) {
    int shard = ProfileStore.sweepShard("app", "u0");
    return IntStream.range(0, 100_000)
        .mapToObj(i -> "u" + i)
        .filter(u -> ProfileStore.sweepShard("app", u) == shard)
        .limit(n)
        .toList();
  }

  @Test
  void apiKeysAreFoundByHashAndSavingAgainReplaces() {
    var keys = new SqliteApiKeyStore(db);
    ApiKey key = new ApiKey("h1", "app", Set.of(ApiKey.EVENTS_WRITE), T0, null);
    keys.save(key);
    assertThat(keys.findByHash("h1")).contains(key);
    assertThat(keys.findByHash("h2")).isEmpty();

    ApiKey revoked = new ApiKey("h1", "app", Set.of(ApiKey.EVENTS_WRITE), T0, T0.plusSeconds(1));
    keys.save(revoked);
    assertThat(keys.findByHash("h1")).contains(revoked);

    ApiKey later = new ApiKey("h2", "app", Set.of(ApiKey.EVENTS_WRITE), T0, null);
    keys.save(later);
    assertThat(keys.findByHash("h2")).as("a key looked up before it existed").contains(later);
  }

  @Test
  void aConfirmedClaimMakesItsIdsDuplicatesPerAppAcrossLargeBatches() {
    var dedup = new SqliteIngestDedup(db);
    List<String> many = IntStream.range(0, 1200).mapToObj(i -> "m" + i).toList();
    assertThat(dedup.claim("app", many, T0).claimed()).hasSize(1200);
    dedup.confirm("app", many, T0);

    var again = dedup.claim("app", List.of("m1", "m1199", "new"), T0.plusSeconds(1));
    assertThat(again.claimed()).containsExactly("new");
    assertThat(again.inFlight()).isEmpty();
    assertThat(dedup.claim("other", List.of("m1"), T0).claimed()).containsExactly("m1");
    assertThat(dedup.claim("app", List.of(), T0).claimed()).isEmpty();
  }

  @Test
  void ofConcurrentClaimsOfTheSameIdsEachIdGoesToExactlyOne() throws Exception {
    var dedup = new SqliteIngestDedup(db);
    List<String> ids = IntStream.range(0, 300).mapToObj(i -> "c" + i).toList();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      var claims =
          pool.invokeAll(
              IntStream.range(0, 4)
                  .mapToObj(
                      i ->
                          (java.util.concurrent.Callable<IngestDedup.Claim>)
                              () -> dedup.claim("app", ids, T0))
                  .toList());
      List<String> claimed = new java.util.ArrayList<>();
      for (var claim : claims) {
        claimed.addAll(claim.get().claimed());
      }
      assertThat(claimed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPendingClaimIsInFlightForOthersUntilReleasedOrItsLeaseRunsOut() {
    var dedup = new SqliteIngestDedup(db);
    dedup.claim("app", List.of("p1", "p2"), T0);

    var meanwhile = dedup.claim("app", List.of("p1", "p2"), T0.plusSeconds(1));
    assertThat(meanwhile.claimed()).isEmpty();
    assertThat(meanwhile.inFlight()).containsExactlyInAnyOrder("p1", "p2");

    dedup.release("app", List.of("p1"), T0);
    assertThat(dedup.claim("app", List.of("p1"), T0.plusSeconds(2)).claimed())
        .containsExactly("p1");
    assertThat(dedup.claim("app", List.of("p2"), T0.plus(IngestDedup.CLAIM_LEASE)).claimed())
        .containsExactly("p2");
  }

  @Test
  void pendingClaimsOfAProcessThatDiedAreReleasedOnStart() {
    new SqliteIngestDedup(db).claim("app", List.of("d1"), T0);

    var restarted = new SqliteIngestDedup(db);

    assertThat(restarted.claim("app", List.of("d1"), T0.plusSeconds(1)).claimed())
        .containsExactly("d1");
  }

  @Test
  void dedupForgetsIdsOlderThanTheRetention() {
    var dedup = new SqliteIngestDedup(db);
    for (var id : List.of("old", "recent")) {
      Instant at = id.equals("old") ? T0 : T0.plus(Duration.ofDays(6));
      dedup.claim("app", List.of(id), at);
      dedup.confirm("app", List.of(id), at);
    }
    Instant later = T0.plus(Duration.ofDays(8));
    dedup.claim("app", List.of("now"), later);
    dedup.confirm("app", List.of("now"), later);

    assertThat(dedup.claim("app", List.of("old", "recent", "now"), later).claimed())
        .containsExactly("old");
  }

  @Test
  void quarantineListsNewestFirstPerAppAndKeepsAnIdOnce() {
    var quarantine = new SqliteQuarantine(db);
    quarantine.put(
        List.of(quarantined("app", "q1"), quarantined("app", "q2"), quarantined("other", "q3")));
    quarantine.put(List.of(quarantined("app", "q3"), quarantined("app", "q1")));

    assertThat(quarantine.list("app", 10))
        .extracting(QuarantinedEvent::quarantineId)
        .containsExactly("q3", "q2", "q1");
    assertThat(quarantine.list("app", 1)).containsExactly(quarantined("app", "q3"));
    assertThat(quarantine.list("other", 10))
        .extracting(QuarantinedEvent::quarantineId)
        .containsExactly("q3");
  }

  private static ScheduledTask task(String userId, java.time.Instant dueAt) {
    return new ScheduledTask(
        "inactive:app:" + userId,
        "app",
        userId,
        TaskKind.INACTIVITY_CHECK,
        dueAt,
        Map.of("since", "x"));
  }

  private static QuarantinedEvent quarantined(String appId, String id) {
    return new QuarantinedEvent(
        id,
        appId,
        "msg-" + id,
        T0,
        "{\"type\":1}",
        List.of(new Violation("invalid_type", "/events/0/type", "not a string")));
  }
}
