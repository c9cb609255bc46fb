package dev.userwhisperer.bench;

import dev.userwhisperer.core.ingest.ApiKeys;
import dev.userwhisperer.core.ingest.EventRateLimiter;
import dev.userwhisperer.core.ingest.IngestRequest;
import dev.userwhisperer.core.ingest.IngestResponse;
import dev.userwhisperer.core.ingest.IngestService;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.testing.InMemoryQuarantine;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.local.bus.BusConfig;
import dev.userwhisperer.local.bus.SqliteEventBus;
import dev.userwhisperer.local.bus.SqliteEventIntake;
import dev.userwhisperer.local.store.SqliteApiKeyStore;
import dev.userwhisperer.local.store.SqliteDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One ingest request of the load test's shape (100 events of ~220 bytes, 100 users) through the
 * local runner's request path below HTTP: key lookup in SQLite, streaming scan and check, the
 * durable append to {@code intake.db} (one commit per request here, one thread), and the 202 body
 * serialised as the controller serialises it. Every request carries new messageIds (written into
 * prepared bodies in place), so every event is accepted. Run with {@code -prof gc}: {@code
 * gc.alloc.rate.norm} is the garbage one request makes, which the load-independent comparison of
 * two builds needs on a shared machine.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IngestRequestBenchmark {
  private static final int BODIES = 1_000;
  // every messageId starts with it; each pass over the bodies writes its number there, in place
  private static final String RUN_ID = "r0000000";

  private Path dir;
  private SqliteDatabase db;
  private SqliteEventIntake intake;
  private IngestService ingest;
  private String authorization;
  private byte[][] bodies;
  private int[][] runIdAt;
  private int next;

  @Setup
  public void start() throws IOException {
    dir = Files.createTempDirectory("uw-ingest-bench");
    db = new SqliteDatabase(dir.resolve("intake.db"));
    Clock clock = Clock.systemUTC();
    SqliteEventBus bus = new SqliteEventBus(db, BusConfig.DEFAULT, clock);
    SqliteApiKeyStore keys = new SqliteApiKeyStore(db);
    String key = "uw_bench_key";
    keys.save(
        new ApiKey(
            ApiKeys.hash(key), "bench-app", Set.of(ApiKey.EVENTS_WRITE), Instant.EPOCH, null));
    authorization = "Bearer " + key;
    intake = new SqliteEventIntake(db, bus);
    ingest =
        new IngestService(
            keys,
            new EventRateLimiter(1e12, Integer.MAX_VALUE, System::nanoTime),
            intake,
            new InMemoryQuarantine(),
            new InMemoryWarehouse(),
            clock);
  }

  @Setup
  public void bodies() {
    bodies = new byte[BODIES][];
    runIdAt = new int[BODIES][];
    for (int i = 0; i < BODIES; i++) {
      bodies[i] =
          EventBatches.batch(RUN_ID, 0, i, 100, 10_000, EventBatches.MessageIds.SEQUENTIAL)
              .getBytes(StandardCharsets.UTF_8);
      runIdAt[i] = offsetsOf(bodies[i], RUN_ID.getBytes(StandardCharsets.US_ASCII));
    }
  }

  @TearDown
  public void stop() throws IOException {
    intake.close();
    db.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public byte[] oneRequestOfOneHundredEvents() {
    byte[] body = bodies[next % BODIES];
    newRunId(body, runIdAt[next % BODIES], next / BODIES);
    next++;
    IngestResponse response =
        ingest.handle(new IngestRequest(authorization, "application/json", null, body));
    if (response.status() != 202) {
      throw new IllegalStateException("not accepted: " + response.status());
    }
    return Json.encode(response.body());
  }

  private static int[] offsetsOf(byte[] body, byte[] text) {
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i + text.length <= body.length; i++) {
      if (Arrays.equals(body, i, i + text.length, text, 0, text.length)) {
        at.add(i);
      }
    }
    return at.stream().mapToInt(Integer::intValue).toArray();
  }

  private static void newRunId(byte[] body, int[] offsets, int pass) {
    for (int at : offsets) {
      int n = pass;
      for (int d = RUN_ID.length() - 1; d >= 1; d--) {
        body[at + d] = (byte) ('0' + n % 10);
        n /= 10;
      }
    }
  }
}
