package dev.userwhisperer.bench;

import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.decide.Decider;
import dev.userwhisperer.core.decide.DecisionPolicy;
import dev.userwhisperer.core.decide.InterventionCatalog;
import dev.userwhisperer.core.decide.PersonalUplift;
import dev.userwhisperer.core.decide.PriorUpliftModel;
import dev.userwhisperer.core.decide.UpliftModel;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.profile.ArmCounts;
import dev.userwhisperer.core.profile.Arms;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Reachability;
import dev.userwhisperer.core.profile.Responsiveness;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.local.store.SqliteArmStatistics;
import dev.userwhisperer.local.store.SqliteDatabase;
import dev.userwhisperer.local.store.SqliteDecisionLog;
import dev.userwhisperer.local.store.SqliteProfileStore;
import dev.userwhisperer.models.effect.FileModelDirectory;
import dev.userwhisperer.models.effect.ModelDirectory;
import dev.userwhisperer.models.effect.XgboostTreatmentEffectModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One decision as the decide stage makes it in the local runner, bandits included: a new signal for
 * one of 10,000 users, decided by {@link Decider} against the SQLite profile store, decision log,
 * schedule and app-wide arm statistics (reading the profile and the app's 171 arm counts, settling
 * expired messages, ranking the candidates, counting the user's recent messages for the adaptive
 * cap, Thompson sampling the channel between e-mail and push and the send hour among the next 24
 * with 250 Monte Carlo rounds each for the propensities, writing the pending message to the
 * profile, recording the decision, scheduling a deferred send). Every user starts warm: counts on
 * both channels and on 40 hour-of-week buckets. Signals fall at all hours, so some decisions are
 * sent now, some deferred to a chosen hour or past quiet hours, some capped, some held out.
 *
 * <p>{@code uplift}: {@code priors} ranks by the documented priors; {@code models} by promoted
 * per-user uplift models ({@link BenchUpliftModels}: X-learners of two 200-tree boosters over every
 * feature, one per candidate intervention), each candidate scored on the user's feature vector.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecideBenchmark {
  private static final int USERS = 10_000;
  private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
  private static final String[] ZONES = {"Europe/Madrid", "America/New_York", "Asia/Tokyo", "UTC"};

  /**
   * Where the SQLite file lives: {@code disk} is the runner's durable setup, whose WAL checkpoints
   * (an fsync every few hundred decisions) make the tail; {@code tmpfs} ({@code /dev/shm}) keeps
   * the same SQL but no disk sync, which isolates the decision itself.
   */
  @Param({"disk", "tmpfs"})
  public String storage;

  @Param({"priors", "models"})
  public String uplift;

  private Path dir;
  private SqliteDatabase db;
  private Decider decider;
  private long sequence;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir =
        storage.equals("tmpfs")
            ? Files.createTempDirectory(Path.of("/dev/shm"), "decide-bench")
            : Files.createTempDirectory("decide-bench");
    db = new SqliteDatabase(dir.resolve("whisperer.db"));
    SqliteProfileStore profiles = new SqliteProfileStore(db);
    SqliteArmStatistics arms = new SqliteArmStatistics(db);
    Random random = new Random(42);
    Map<String, ArmCounts> app = new HashMap<>();
    for (Channel c : Channel.values()) {
      app.put(Arms.channel(c), new ArmCounts(200 + random.nextInt(400), 2_000));
    }
    for (int h = 0; h < Arms.HOURS_OF_WEEK; h++) {
      app.put(Arms.hour(h), new ArmCounts(10 + random.nextInt(40), 200));
    }
    // every week the signals reach (7 minutes apart, ~20,000 a run) has counts, so each read sums
    // a full window of weeks
    for (int week = 0; week < 52; week++) {
      arms.add("app1", app, START.plus(ArmStatistics.WEEK.multipliedBy(week)));
    }
    for (int u = 0; u < USERS; u++) {
      String user = "user-" + u;
      Map<String, ArmCounts> own = new HashMap<>();
      own.put("email", new ArmCounts(random.nextInt(5), random.nextInt(10)));
      own.put("push", new ArmCounts(random.nextInt(5), random.nextInt(10)));
      for (int i = 0; i < 40; i++) {
        own.put(
            Arms.hour(random.nextInt(Arms.HOURS_OF_WEEK)),
            new ArmCounts(random.nextInt(3), random.nextInt(4)));
      }
      Profile empty = Profile.empty("app1", user);
      Profile reachable =
          new Profile(
              "app1",
              user,
              Map.of("firstName", "Ana", "timezone", ZONES[u % ZONES.length]),
              new Reachability(
                  user + "@example.com", null, "token-" + u, Map.of(Channel.EMAIL, true), Set.of()),
              empty.activity(),
              empty.billing(),
              empty.lifecycle(),
              null,
              null,
              null,
              new Responsiveness(own, List.of(), 0),
              empty.recentMessageIds(),
              START);
      profiles.update("app1", user, p -> reachable);
    }
    decider =
        new Decider(
            profiles,
            new SqliteDecisionLog(db),
            new InMemoryWarehouse(),
            arms,
            new InterventionCatalog(),
            upliftModel(),
            DecisionPolicy.DEFAULTS);
  }

  private UpliftModel upliftModel() throws Exception {
    if (uplift.equals("priors")) {
      return new PriorUpliftModel();
    }
    ModelDirectory models = new FileModelDirectory(dir.resolve("models"));
    BenchUpliftModels.write(models, "app1", List.of("churn_save", "winback", "feature_tip"));
    XgboostTreatmentEffectModels loaded = new XgboostTreatmentEffectModels(models);
    loaded.refresh();
    if (loaded.liveVersions().size() != 3) {
      throw new IllegalStateException("models did not load: " + loaded.problems());
    }
    return new PersonalUplift(new PriorUpliftModel(), loaded, LifecycleThresholds.DEFAULTS);
  }

  @Benchmark
  public Object decideOneSignal() {
    long n = sequence++;
    SignalType type = n % 2 == 0 ? SignalType.CHURN_RISK : SignalType.INACTIVE;
    Instant at = START.plus(Duration.ofMinutes(n * 7));
    return decider.apply(
        new Signal(
            Signal.VERSION, "bench-" + n, "app1", "user-" + (n % USERS), type, at, Map.of()));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    db.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
