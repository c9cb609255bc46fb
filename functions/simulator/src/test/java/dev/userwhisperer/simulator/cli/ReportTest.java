package dev.userwhisperer.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.simulator.ArmResult;
import dev.userwhisperer.simulator.ResponseType;
import dev.userwhisperer.simulator.Simulation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  /** An arm's result with the given rates; the rest fixed, sleeping dogs retained as overall. */
  static ArmResult arm(String name, double retention, double conversion, double messages) {
    return arm(name, retention, conversion, messages, retention);
  }

  /** An arm's result with the given rates and the sleeping dogs' retention. */
  static ArmResult arm(
      String name, double retention, double conversion, double messages, double dogsRetained) {
    Map<ResponseType, ArmResult.TypeOutcome> types = new EnumMap<>(ResponseType.class);
    types.put(
        ResponseType.PERSUADABLE,
        new ArmResult.TypeOutcome(50, retention, 40, conversion, messages));
    types.put(
        ResponseType.UNMOVED, new ArmResult.TypeOutcome(40, retention, 30, conversion, messages));
    types.put(
        ResponseType.SLEEPING_DOG,
        new ArmResult.TypeOutcome(10, dogsRetained, 8, conversion, messages));
    return new ArmResult(
        name,
        100,
        retention,
        conversion,
        1 - retention,
        messages,
        0.3,
        0.05,
        0.01,
        Collections.nCopies(31, 0.5),
        List.of(new ArmResult.InterventionCount("welcome", 100, 30, 5, 0.9)),
        types);
  }

  /** The six arms, the platform's trial → paid as given. */
  private static List<ArmResult> arms(double platformConversion) {
    return List.of(
        arm("(a) no messages", 0.39, 0.38, 0, 0.30),
        arm("(b) weekly blast", 0.40, 0.39, 2.9, 0.27),
        arm("(c) classic drip", 0.44, 0.46, 2.7, 0.25),
        arm("(d) platform", 0.45, platformConversion, 2.8, 0.31),
        arm("(e) platform, no holdout", 0.46, 0.47, 3.1, 0.28),
        arm("(f) oracle", 0.49, 0.50, 1.6, 0.30));
  }

  private static Report report(String args, List<ArmResult> arms, List<Report.Seed> seeds) {
    return report(args, arms, seeds, List.of());
  }

  private static Report report(
      String args, List<ArmResult> arms, List<Report.Seed> seeds, List<OracleShares> sensitivity) {
    return new Report(
        Comparison.Options.parse(args.isEmpty() ? new String[0] : args.split(" ")),
        arms,
        arms,
        seeds,
        sensitivity,
        List.of(),
        Map.of(),
        Duration.ofMinutes(8));
  }

  /** The arms' outcomes when every user is judged: all users and the steady state alike. */
  static List<Simulation.Outcome> same(List<ArmResult> arms) {
    return arms.stream().map(a -> new Simulation.Outcome(a, a)).toList();
  }

  @Test
  void theVerdictGivesEachMarginAndThePageHasNoUnformattedPercentSigns(@TempDir Path docs)
      throws Exception {
    List<ArmResult> arms = arms(0.455);

    report("", arms, List.of(Report.Seed.of(42, 0.1, same(arms)))).write(docs);

    String page = Files.readString(docs.resolve("simulation.md"));
    assertThat(page)
        .contains(
            "retention above the blast and the drip — **yes** (+1.0 points over the better of"
                + " them); trial → paid above both — **no** (-0.5 points); fewer messages than the"
                + " blast — **yes** (2.80 against 2.90).")
        .contains("| (d) platform | welcome | 100 | 30 | 5 | 0.900 |")
        .contains(
            "Against the product's claim, relative to no messages: 30-day retention +15 % (claimed"
                + " +25 %), trial → paid +20 % (claimed +20 %), churn -10 % (claimed -35 %)."
                + " Engagement (claimed: twice the industry average): open rate 30.0 %, 1.0× the"
                + " weekly blast's 30.0 %, the industry-average newsletter of this model (set to"
                + " open at about Mailchimp's 21 %); click rate 5.0 %, 1.0× the"
                + " blast's 5.0 %.")
        .contains("It keeps its default global holdout: 10 % of users get no marketing message")
        .contains("The platform keeps a 10 % holdout")
        .doesNotContain("platform settings:")
        .doesNotContain("%%")
        .doesNotContain("Across");
    assertThat(docs.resolve("simulation/survival.png")).isNotEmptyFile();
  }

  @Test
  void thePageSplitsEveryArmByResponseTypeAndThePlatformsDecisionsByWhatTheGateDid(
      @TempDir Path docs) throws Exception {
    List<ArmResult> arms = arms(0.465);
    Map<ResponseType, DecisionsByType.Counts> platform = new EnumMap<>(ResponseType.class);
    platform.put(ResponseType.PERSUADABLE, new DecisionsByType.Counts(50, 60, 30, 12, 10, 8));
    platform.put(ResponseType.UNMOVED, new DecisionsByType.Counts(40, 40, 40, 10, 0, 2));
    platform.put(ResponseType.SLEEPING_DOG, new DecisionsByType.Counts(10, 2, 18, 1, 0, 0));

    new Report(
            Comparison.Options.parse(new String[0]),
            arms,
            arms,
            List.of(Report.Seed.of(42, 0.1, same(arms))),
            List.of(),
            List.of(),
            Map.of("(d) platform", new DecisionsByType(platform)),
            Duration.ofMinutes(8))
        .write(docs);

    assertThat(Files.readString(docs.resolve("simulation.md")))
        .contains("### By response type")
        .contains("| (f) oracle | persuadable | 50 | 1.60 | 49.0 % | 50.0 % (40) |")
        .contains("| (a) no messages | sleeping dog | 10 | 0.00 | 30.0 % | 38.0 % (8) |")
        .contains(
            "| (d) platform | persuadable | 50 | 2.40 | 1.20 | 0.60 | 0.24 | 0.20 | 0.16 | 30.0 % |")
        .contains(
            "| (d) platform | sleeping dog | 10 | 2.10 | 0.20 | 1.80 | 0.10 | 0.00 | 0.00 | 90.0 % |");
  }

  @Test
  void withoutDecisionLogsThePageStillSplitsTheArmsByTypeAndShowsNoDecisionTable(@TempDir Path docs)
      throws Exception {
    List<ArmResult> arms = arms(0.465);

    report("", arms, List.of(Report.Seed.of(42, 0.1, same(arms)))).write(docs);

    assertThat(Files.readString(docs.resolve("simulation.md")))
        .contains("| (d) platform | unmoved | 40 | 2.80 | 45.0 % | 46.5 % (30) |")
        .doesNotContain("| platform arm | type |");
  }

  @Test
  void thePageSaysWhichPredictorRankedThePlatformsDecisionsSeedBySeed(@TempDir Path docs)
      throws Exception {
    List<ArmResult> arms = arms(0.465);
    List<Report.Seed> seeds =
        List.of(Report.Seed.of(42, 0.1, same(arms)), Report.Seed.of(1, 0.1, same(arms)));
    List<ModelUse> models =
        List.of(
            new ModelUse(
                Map.of("model demo/uplift/pooled/v3", 1500L, "table", 400L, "prior", 100L)),
            new ModelUse(Map.of("prior", 80L)));

    new Report(
            Comparison.Options.parse("--more-seeds 1".split(" ")),
            arms,
            arms,
            seeds,
            List.of(),
            models,
            Map.of(),
            Duration.ofMinutes(8))
        .write(docs);

    assertThat(Files.readString(docs.resolve("simulation.md")))
        .contains("### Which models decided")
        .contains("| 42 | 2,000 | 1,500 (75.0 %) | 400 | 100 | `demo/uplift/pooled/v3` (1,500) |")
        .contains("| 1 | 80 | 0 (0.0 %) | 0 | 80 | none live |");
  }

  @Test
  void thePageSaysWhichPlatformSettingsTheRunUsed(@TempDir Path docs) throws Exception {
    List<ArmResult> arms = arms(0.465);

    report(
            "--platform-settings whisperer.decide.holdout-percent=5",
            arms,
            List.of(Report.Seed.of(42, 0.1, same(arms))))
        .write(docs);

    String page = Files.readString(docs.resolve("simulation.md"));
    assertThat(page)
        .contains("platform settings: `whisperer.decide.holdout-percent=5`;")
        .contains("Its global holdout is set for this run: 5 % of users get no marketing message")
        .contains("The platform keeps a 5 % holdout");
  }

  @Test
  void withMoreSeedsThePageJudgesThePairedMeans(@TempDir Path docs) throws Exception {
    List<ArmResult> arms = arms(0.465);
    OracleShares shares = Report.Seed.of(42, 0.1, same(arms)).shares();
    List<Report.Seed> seeds =
        List.of(
            Report.Seed.of(42, 0.1, same(arms)),
            new Report.Seed(
                new SeedMargins(1, 0.8, -0.5, 0.2),
                new SeedMargins(1, 1.4, 0.9, -0.2),
                shares,
                shares),
            new Report.Seed(
                new SeedMargins(2, 1.2, 0.0, 0.15),
                new SeedMargins(2, 1.5, 0.8, -0.25),
                shares,
                shares));

    report("--more-seeds 1,2", arms, seeds).write(docs);

    String page = Files.readString(docs.resolve("simulation.md"));
    assertThat(page)
        .contains("seed 42 (every arm again on seeds 1, 2)")
        .contains("### Across 3 seeds")
        .contains("| 1 | +0.8 | -0.5 | +0.20 | +1.4 | +0.9 | -0.20 |")
        .contains(
            "the platform (d): retention above the blast and the drip — **shown**; trial → paid"
                + " above both — **not shown** (the interval includes zero); fewer messages than"
                + " the blast — **shown**. Without its holdout (e): **shown**; **shown**; **no**.")
        .doesNotContain("%%");
  }

  @Test
  void eachArmsShareOfTheOraclesLiftAndWhatItDidToTheSleepingDogsAreOnThePage(@TempDir Path docs)
      throws Exception {
    List<ArmResult> arms = arms(0.445);

    report("--users 100", arms, List.of(Report.Seed.of(42, 0.1, same(arms)))).write(docs);

    // oracle: retention 39 % → 49 % (+10.0), trial → paid 38 % → 50 % (+12.0)
    String page = Files.readString(docs.resolve("simulation.md"));
    assertThat(page)
        .contains(
            "The oracle lifts 30-day retention by +10.0 points (39.0 % → 49.0 %) and trial →"
                + " paid by +12.0 points (38.0 % → 50.0 %)")
        .contains("| (c) classic drip | +5.0 | 50 % | +8.0 | 67 % | 2.70 |")
        .contains("| (d) platform | +6.0 | 60 % | +6.5 | 54 % | 2.80 |")
        .contains("| (b) weekly blast | +1.0 | 10 % | +1.0 | 8 % | 2.90 |")
        .contains(
            "Against its target of at least half the oracle's lift, the platform (d): retention —"
                + " **yes** (60 %); trial → paid — **yes** (54 %).")
        .contains("10 of the 100 users are sleeping dogs (8 of them on a trial)")
        .contains("| (c) classic drip | 2.70 | 25.0 % | -5.0 | 46.0 % | +8.0 |")
        .contains("| (f) oracle | 1.60 | 30.0 % | +0.0 | 50.0 % | +12.0 |")
        .contains(
            "No loss of retention among the sleeping dogs against no messages, the platform (d) —"
                + " **yes** (+1.0 points).")
        .contains("Run: 100 users, seed 42, 10.0 % sleeping dogs, clock")
        .contains("-Dsimulation.args=--users 100 --seed 42 --harmed-share 0.1\"")
        .doesNotContain("### Sensitivity")
        .doesNotContain("%%");
  }

  @Test
  void theSensitivityTableHasARowPerShareOfSleepingDogs(@TempDir Path docs) throws Exception {
    List<ArmResult> arms = arms(0.445);
    List<ArmResult> worse =
        List.of(
            arms.get(0),
            arm("(b) weekly blast", 0.38, 0.37, 2.9, 0.20),
            arm("(c) classic drip", 0.41, 0.42, 2.7, 0.18),
            arm("(d) platform", 0.415, 0.41, 2.8, 0.22),
            arms.get(5));

    report(
            "--sensitivity 0.1,0.2",
            arms,
            List.of(Report.Seed.of(42, 0.1, same(arms))),
            List.of(
                Report.Seed.of(42, 0.1, same(arms)).shares(),
                OracleShares.of(42, 0.2, worse, "(f) oracle")))
        .write(docs);

    String page = Files.readString(docs.resolve("simulation.md"));
    assertThat(page)
        .contains("### Sensitivity to the share of sleeping dogs")
        .contains("| 10.0 % | +10.0, +12.0 | 10 % | 8 % | 50 % | 67 % | 60 % | 54 % |")
        .contains("| 20.0 % | +10.0, +12.0 | -10 % | -8 % | 20 % | 33 % | 25 % | 25 % |")
        .contains("| 20.0 % | -10.0 | -12.0 | -8.0 |")
        .contains("(and on seed 42 at 10.0 %, 20.0 % for the sensitivity table)")
        .doesNotContain("%%");
  }

  @Test
  void acrossSeedsTheSharesOfTheOraclesLiftGetAMeanAndAnInterval(@TempDir Path docs)
      throws Exception {
    List<ArmResult> arms = arms(0.445);
    List<ArmResult> other =
        List.of(
            arms.get(0),
            arms.get(1),
            arms.get(2),
            arm("(d) platform", 0.43, 0.42, 2.8, 0.29),
            arms.get(4),
            arms.get(5));

    report(
            "--more-seeds 1",
            arms,
            List.of(Report.Seed.of(42, 0.1, same(arms)), Report.Seed.of(1, 0.1, same(other))))
        .write(docs);

    // (d): retention shares 60 % and 40 %: mean 50 %, half-width 12.706 · |60 % − 40 %| / 2 = 127 %
    String page = Files.readString(docs.resolve("simulation.md"));
    assertThat(page)
        .contains("| 42 | 10 % / 8 % | 50 % / 67 % | 60 % / 54 % |")
        .contains("| 1 | 10 % / 8 % | 50 % / 67 % | 40 % / 33 % |")
        .contains("50 % (-77 % to 177 %) / 44 % (-89 % to 176 %)")
        .contains("| 1 | -3.0 | -5.0 | -1.0 |")
        .contains(
            "Over the seeds, the platform (d): at least half the oracle's lift in retention —"
                + " **not shown** (the interval includes the target); in trial → paid — **not"
                + " shown** (the interval includes the target); no loss of retention among the"
                + " sleeping dogs — **not shown** (the interval includes the target).");
  }

  @Test
  void aWarmUpJudgesTheLaterSignupsAndShowsAllUsersBeside(@TempDir Path docs) throws Exception {
    List<ArmResult> steady = arms(0.48);
    List<ArmResult> all =
        List.of(
            arm("(a) no messages", 0.30, 0.38, 0),
            steady.get(1),
            steady.get(2),
            arm("(d) platform", 0.33, 0.40, 2.5),
            steady.get(4),
            arm("(f) oracle", 0.40, 0.50, 1.6));
    List<Simulation.Outcome> outcomes = new java.util.ArrayList<>();
    for (int i = 0; i < steady.size(); i++) {
      outcomes.add(new Simulation.Outcome(all.get(i), steady.get(i)));
    }

    new Report(
            Comparison.Options.parse("--cohort-days 60 --warm-up-days 45".split(" ")),
            steady,
            all,
            List.of(Report.Seed.of(42, 0.1, outcomes)),
            List.of(),
            List.of(),
            Map.of(),
            Duration.ofMinutes(8))
        .write(docs);

    // steady state: (d) retention (45 − 39) / (49 − 39) = 60 %; all users (33 − 30) / (40 − 30)
    String page = Files.readString(docs.resolve("simulation.md"));
    assertThat(page)
        .contains("**Judged on the steady state, the models on.**")
        .contains("who signed up from day 45 on")
        .contains("\"-Dsimulation.args=--users 8000 --seed 42 --harmed-share 0.1 --cohort-days 60")
        .contains("| (d) platform | +6.0 | 60 % |")
        .contains("### All users, the warm-up included")
        .contains("| (d) platform | 33.0 % | 40.0 % |")
        .contains("| 42 | 100 % / 8 % | 140 % / 67 % | 30 % / 17 % | 160 % / 75 % |")
        .doesNotContain("%%");
  }
}
