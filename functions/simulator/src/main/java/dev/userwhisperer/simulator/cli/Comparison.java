package dev.userwhisperer.simulator.cli;

import dev.userwhisperer.simulator.ArmResult;
import dev.userwhisperer.simulator.ClassicDrip;
import dev.userwhisperer.simulator.Messenger;
import dev.userwhisperer.simulator.ModelParameters;
import dev.userwhisperer.simulator.NoMessaging;
import dev.userwhisperer.simulator.Oracle;
import dev.userwhisperer.simulator.PlatformMessenger;
import dev.userwhisperer.simulator.Population;
import dev.userwhisperer.simulator.Simulation;
import dev.userwhisperer.simulator.Traits;
import dev.userwhisperer.simulator.WeeklyBlast;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * One command for the comparison: the same seeded population under (a) no messages, (b) a weekly
 * blast, (c) a classic drip, (d) the platform, started as a child process, (e) the platform without
 * its holdout, and (f) the oracle, which alone knows the users' response types; writes
 * docs/simulation.md and docs/simulation/*.png. With {@code --more-seeds}, every arm runs again on
 * each further seed's population, and the report gives the margins of (d) and (e) and every arm's
 * share of the oracle's lift over the seeds, paired, with a confidence interval: one population is
 * a few thousand users, whose rates move by a point from seed to seed. With {@code --sensitivity},
 * the main seed runs again at each listed share of sleeping dogs (all arms but (e)), for the
 * sensitivity table.
 *
 * <pre>
 * --users 8000  --seed 42  --more-seeds 1,2,3  --cohort-days 14  --start 2026-01-05T00:00:00Z
 * --warm-up-days 0   (optional: judge the arms on the users who signed up from this day on, when
 *                     the platform has learned from the earlier ones; all users are shown beside)
 * --harmed-share 0.1   (the share of sleeping dogs, users whom messages push away)
 * --harm-scale 1   (the size of the sleeping dogs' harm against the documented one: 0.5 halves it)
 * --sensitivity 0,0.1,0.2   (optional: the shares of sleeping dogs to sweep on the main seed)
 * --platform-jar functions/local/target/local-0.1.0-SNAPSHOT-exec.jar  --docs docs
 * --keep-platform-data DIR   (optional: keep arm (d)'s state, warehouse and log there)
 * --platform-settings whisperer.decide.holdout-percent=0,...   (optional: the platform's settings)
 * --parallel 2   (arms run at once, each platform arm a process; default: the processors. The
 *                 results do not depend on it)
 * </pre>
 */
public final class Comparison {
  /**
   * Arm (e): the same platform with its holdout share at 0, the policy on every user. Shown to size
   * what measuring costs; the targets are judged on arm (d), the platform as deployed.
   */
  static final String HOLDOUT_SETTING = "whisperer.decide.holdout-percent";

  /** The platform's holdout share when no setting changes it, as its README documents. */
  static final int DEFAULT_HOLDOUT_PERCENT = 10;

  static final List<String> ARMS =
      List.of(
          "(a) no messages",
          "(b) weekly blast",
          "(c) classic drip",
          "(d) platform",
          "(e) platform, no holdout",
          "(f) oracle");

  /** Where the platform's two arms are in {@link #ARMS}. */
  static final int PLATFORM = 3;

  static final int NO_HOLDOUT_ARM = 4;

  /** The signup days when no option changes them: a launch, every user new to a cold platform. */
  static final int DEFAULT_COHORT_DAYS = 14;

  /** Where the oracle is in {@link #ARMS}. */
  static final int ORACLE = 5;

  private static final int PROGRESS_DAYS = 5;

  /** The options of one run. */
  record Options(
      int users,
      long seed,
      List<Long> moreSeeds,
      int cohortDays,
      int warmUpDays,
      Instant start,
      Path platformJar,
      Path docs,
      Path keepPlatformData,
      List<String> platformSettings,
      double harmedShare,
      List<Double> sensitivity,
      double harmScale,
      int parallel) {

    Options {
      moreSeeds = List.copyOf(moreSeeds);
      platformSettings = List.copyOf(platformSettings);
      sensitivity = List.copyOf(sensitivity);
      if (warmUpDays < 0 || warmUpDays >= cohortDays) {
        throw new IllegalArgumentException(
            "--warm-up-days must be at least 0 and below --cohort-days (" + cohortDays + ")");
      }
      if (parallel < 1) {
        throw new IllegalArgumentException("--parallel must be at least 1");
      }
      parameters(harmedShare, harmScale);
      sensitivity.forEach(share -> parameters(share, harmScale));
    }

    /** The world of the runs at a share of sleeping dogs, their harm as documented. */
    static ModelParameters parameters(double harmedShare) {
      return parameters(harmedShare, 1);
    }

    /** The world of the runs at a share of sleeping dogs and a scale of their harm. */
    static ModelParameters parameters(double harmedShare, double harmScale) {
      return ModelParameters.defaults()
          .withSleepingDogShare(harmedShare)
          .withSleepingDogHarm(harmScale);
    }

    /** The users judged: those who signed up at or after this instant. */
    Instant steadyFrom() {
      return start.plus(Duration.ofDays(warmUpDays));
    }

    /** The holdout share the settings give arm (d), the last one if several. */
    Optional<String> holdoutSetting() {
      return platformSettings.stream()
          .filter(s -> s.startsWith(HOLDOUT_SETTING + "="))
          .reduce((first, last) -> last)
          .map(s -> s.substring(HOLDOUT_SETTING.length() + 1));
    }

    /** The holdout share arm (d) runs with: the one the settings give, else the default. */
    String holdoutPercent() {
      return holdoutSetting().orElse(String.valueOf(DEFAULT_HOLDOUT_PERCENT));
    }

    /**
     * The settings of arm (e): arm (d)'s with the holdout share at 0 instead of any given (a
     * setting named twice would reach the platform as both values, comma-joined).
     */
    List<String> settingsWithoutHoldout() {
      List<String> settings =
          new ArrayList<>(
              platformSettings.stream().filter(s -> !s.startsWith(HOLDOUT_SETTING + "=")).toList());
      settings.add(HOLDOUT_SETTING + "=0");
      return settings;
    }

    /** The options that shape the results, as the command line gives them (simulation.args). */
    String args() {
      StringBuilder args =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "--users %d --seed %d --harmed-share %s",
                  users,
                  seed,
                  BigDecimal.valueOf(harmedShare).stripTrailingZeros().toPlainString()));
      if (cohortDays != DEFAULT_COHORT_DAYS) {
        args.append(" --cohort-days ").append(cohortDays);
      }
      if (warmUpDays != 0) {
        args.append(" --warm-up-days ").append(warmUpDays);
      }
      if (!moreSeeds.isEmpty()) {
        args.append(" --more-seeds ")
            .append(String.join(",", moreSeeds.stream().map(String::valueOf).toList()));
      }
      if (!sensitivity.isEmpty()) {
        args.append(" --sensitivity ")
            .append(
                String.join(
                    ",",
                    sensitivity.stream()
                        .map(s -> BigDecimal.valueOf(s).stripTrailingZeros().toPlainString())
                        .toList()));
      }
      if (harmScale != 1) {
        args.append(" --harm-scale ")
            .append(BigDecimal.valueOf(harmScale).stripTrailingZeros().toPlainString());
      }
      if (!platformSettings.isEmpty()) {
        args.append(" --platform-settings ").append(String.join(",", platformSettings));
      }
      return args.toString();
    }

    static Options parse(String[] args) {
      return new Options(
          Integer.parseInt(option(args, "--users", "8000")),
          Long.parseLong(option(args, "--seed", "42")),
          Arrays.stream(option(args, "--more-seeds", "").split(","))
              .filter(seed -> !seed.isBlank())
              .map(seed -> Long.parseLong(seed.strip()))
              .toList(),
          Integer.parseInt(option(args, "--cohort-days", String.valueOf(DEFAULT_COHORT_DAYS))),
          Integer.parseInt(option(args, "--warm-up-days", "0")),
          Instant.parse(option(args, "--start", "2026-01-05T00:00:00Z")),
          Path.of(
              option(
                  args, "--platform-jar", "functions/local/target/local-0.1.0-SNAPSHOT-exec.jar")),
          Path.of(option(args, "--docs", "docs")),
          Optional.ofNullable(option(args, "--keep-platform-data", null))
              .map(Path::of)
              .orElse(null),
          Arrays.stream(option(args, "--platform-settings", "").split(","))
              .filter(setting -> !setting.isBlank())
              .toList(),
          Double.parseDouble(
              option(
                  args,
                  "--harmed-share",
                  String.valueOf(ModelParameters.DEFAULT_SLEEPING_DOG_SHARE))),
          Arrays.stream(option(args, "--sensitivity", "").split(","))
              .filter(share -> !share.isBlank())
              .map(share -> Double.parseDouble(share.strip()))
              .toList(),
          Double.parseDouble(option(args, "--harm-scale", "1")),
          Integer.parseInt(
              option(
                  args, "--parallel", String.valueOf(Runtime.getRuntime().availableProcessors()))));
    }
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Instant began = Instant.now();
    ExecutorService pool = Executors.newFixedThreadPool(o.parallel());
    DecisionLogs logs = new DecisionLogs(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    List<Simulation.Outcome> outcomes;
    List<Report.Seed> seeds = new ArrayList<>();
    List<OracleShares> sensitivity = new ArrayList<>();
    try {
      List<Future<Simulation.Outcome>> main = start(o, o.seed(), o.harmedShare(), true, pool, logs);
      List<List<Future<Simulation.Outcome>>> more = new ArrayList<>();
      for (long seed : o.moreSeeds()) {
        more.add(start(o, seed, o.harmedShare(), true, pool, logs));
      }
      List<List<Future<Simulation.Outcome>>> swept = new ArrayList<>();
      for (double share : o.sensitivity()) {
        swept.add(share == o.harmedShare() ? null : start(o, o.seed(), share, false, pool, logs));
      }
      outcomes = done(main);
      seeds.add(Report.Seed.of(o.seed(), o.harmedShare(), outcomes));
      for (int i = 0; i < more.size(); i++) {
        seeds.add(Report.Seed.of(o.moreSeeds().get(i), o.harmedShare(), done(more.get(i))));
      }
      for (int i = 0; i < swept.size(); i++) {
        double share = o.sensitivity().get(i);
        sensitivity.add(
            swept.get(i) == null
                ? seeds.get(0).shares()
                : OracleShares.of(
                    o.seed(), share, steadyState(done(swept.get(i))), ARMS.get(ORACLE)));
      }
    } finally {
      pool.shutdownNow();
    }
    List<ArmResult> results = steadyState(outcomes);
    List<ArmResult> allUsers = outcomes.stream().map(Simulation.Outcome::all).toList();
    Duration took = Duration.between(began, Instant.now());
    Files.createDirectories(o.docs().resolve("simulation"));
    List<ModelUse> modelUse =
        seeds.stream().map(seed -> logs.models().get(seed.platform().seed())).toList();
    new Report(o, results, allUsers, seeds, sensitivity, modelUse, logs.byType(), took)
        .write(o.docs());
    System.out.printf(
        Locale.ROOT,
        "wrote %s and %s/simulation/*.png in %s%n",
        o.docs().resolve("simulation.md"),
        o.docs(),
        took);
  }

  /**
   * Starts every arm of {@link #ARMS}, in order, on the population of the seed with the given share
   * of sleeping dogs (arm (e) only {@code withNoHoldoutArm}), each as a task of the pool. The arms
   * share nothing but the population: each platform arm is a process of its own, reproducible, so
   * running them at once gives the results of running them one after another. What the platform
   * arms' decision logs say of the judged users at the main share of sleeping dogs goes into {@code
   * logs}.
   */
  static List<Future<Simulation.Outcome>> start(
      Options o,
      long seed,
      double harmedShare,
      boolean withNoHoldoutArm,
      ExecutorService pool,
      DecisionLogs logs) {
    ModelParameters p = Options.parameters(harmedShare, o.harmScale());
    List<Traits> population = Population.draw(seed, o.users(), o.start(), o.cohortDays(), p);
    Simulation simulation =
        new Simulation(population, p, seed, o.start(), o.cohortDays(), Simulation.WINDOW_DAYS);
    // the platform arms first: the others take seconds and fill in beside them
    List<Integer> order = new ArrayList<>(List.of(PLATFORM, NO_HOLDOUT_ARM));
    for (int arm = 0; arm < ARMS.size(); arm++) {
      if (!order.contains(arm)) {
        order.add(arm);
      }
    }
    Map<Integer, Future<Simulation.Outcome>> started = new TreeMap<>();
    for (int arm : order) {
      if (arm == NO_HOLDOUT_ARM && !withNoHoldoutArm) {
        continue;
      }
      started.put(
          arm, pool.submit(() -> run(o, seed, harmedShare, arm, population, simulation, logs)));
    }
    return new ArrayList<>(started.values());
  }

  /** One arm on one population. */
  private static Simulation.Outcome run(
      Options o,
      long seed,
      double harmedShare,
      int arm,
      List<Traits> population,
      Simulation simulation,
      DecisionLogs logs)
      throws IOException, InterruptedException {
    String name = ARMS.get(arm);
    String label =
        String.format(Locale.ROOT, "seed %d, %.0f %% dogs, %s", seed, 100 * harmedShare, name);
    IntConsumer progress = progress(System.err, label, simulation.hours());
    if (arm < PLATFORM || arm == ORACLE) {
      Messenger m =
          switch (arm) {
            case 0 -> new NoMessaging();
            case 1 -> new WeeklyBlast();
            case 2 -> new ClassicDrip();
            default -> new Oracle(population);
          };
      return simulation.run(name, m, progress, o.steadyFrom());
    }
    List<String> settings =
        arm == NO_HOLDOUT_ARM ? o.settingsWithoutHoldout() : o.platformSettings();
    Path keep =
        arm == PLATFORM && seed == o.seed() && harmedShare == o.harmedShare()
            ? o.keepPlatformData()
            : null;
    try (PlatformProcess platform =
        PlatformProcess.start(o.platformJar(), o.start(), r -> {}, keep, settings)) {
      Simulation.Outcome outcome =
          simulation.run(
              name, new PlatformMessenger(platform.platform()), progress, o.steadyFrom());
      if (harmedShare == o.harmedShare()) {
        List<JudgedDecision> judged =
            JudgedDecision.read(platform.platform(), population, o.steadyFrom());
        if (arm == PLATFORM) {
          logs.models().put(seed, ModelUse.of(judged));
        }
        if (seed == o.seed()) {
          logs.byType().put(name, DecisionsByType.of(population, o.steadyFrom(), judged));
        }
      }
      return outcome;
    }
  }

  /**
   * What the platform arms' decision logs said of the judged users: what predicted arm (d)'s
   * decisions, by seed, and each platform arm's decisions by response type on the main seed, by arm
   * name.
   */
  record DecisionLogs(Map<Long, ModelUse> models, Map<String, DecisionsByType> byType) {}

  /** The arms' outcomes, in order, once all are done; the first failure as it was thrown. */
  private static List<Simulation.Outcome> done(List<Future<Simulation.Outcome>> arms)
      throws Exception {
    List<Simulation.Outcome> outcomes = new ArrayList<>();
    for (Future<Simulation.Outcome> arm : arms) {
      try {
        outcomes.add(arm.get());
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
    }
    return outcomes;
  }

  /** The arms' results on the users judged. */
  static List<ArmResult> steadyState(List<Simulation.Outcome> outcomes) {
    return outcomes.stream().map(Simulation.Outcome::steadyState).toList();
  }

  /**
   * Reports an arm's progress as a line every {@value #PROGRESS_DAYS} simulated days and at its
   * end: whole lines, since arms run at once.
   */
  private static IntConsumer progress(PrintStream out, String arm, int hours) {
    Instant began = Instant.now();
    return done -> {
      if (done % (24 * PROGRESS_DAYS) != 0 && done != hours) {
        return;
      }
      out.printf(
          Locale.ROOT,
          "%-50s day %d/%d  %ds%n",
          arm,
          done / 24,
          hours / 24,
          Duration.between(began, Instant.now()).toSeconds());
    };
  }

  /** The option's value; given twice, the last wins (so simulation.args overrides the pom). */
  private static String option(String[] args, String name, String fallback) {
    String value = fallback;
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        value = args[i + 1];
      }
    }
    return value;
  }

  private Comparison() {}
}
