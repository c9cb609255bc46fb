package dev.userwhisperer.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.simulator.ArmResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  /** An arm's result with the given rates; the rest fixed. */
  static ArmResult arm(String name, double retention, double conversion, double messages) {
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
        List.of(new ArmResult.InterventionCount("welcome", 100, 30, 5, 0.9)));
  }

  /** The five arms, the platform's trial → paid as given. */
  private static List<ArmResult> arms(double platformConversion) {
    return List.of(
        arm("(a) no messages", 0.39, 0.38, 0),
        arm("(b) weekly blast", 0.40, 0.39, 2.9),
        arm("(c) classic drip", 0.44, 0.46, 2.7),
        arm("(d) platform", 0.45, platformConversion, 2.8),
        arm("(e) platform, no holdout", 0.46, 0.47, 3.1));
  }

  @Test
  void theVerdictGivesEachMarginAndThePageHasNoUnformattedPercentSigns(@TempDir Path docs)
      throws Exception {
    List<ArmResult> arms = arms(0.455);

    new Report(
            Comparison.Options.parse(new String[0]),
            arms,
            List.of(Report.Seed.of(42, arms)),
            Duration.ofMinutes(8))
        .write(docs);

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
  void thePageSaysWhichPlatformSettingsTheRunUsed(@TempDir Path docs) throws Exception {
    List<ArmResult> arms = arms(0.465);

    new Report(
            Comparison.Options.parse(
                new String[] {"--platform-settings", "whisperer.decide.holdout-percent=5"}),
            arms,
            List.of(Report.Seed.of(42, arms)),
            Duration.ofMinutes(8))
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
    List<Report.Seed> seeds =
        List.of(
            Report.Seed.of(42, arms),
            new Report.Seed(new SeedMargins(1, 0.8, -0.5, 0.2), new SeedMargins(1, 1.4, 0.9, -0.2)),
            new Report.Seed(
                new SeedMargins(2, 1.2, 0.0, 0.15), new SeedMargins(2, 1.5, 0.8, -0.25)));

    new Report(
            Comparison.Options.parse("--more-seeds 1,2".split(" ")),
            arms,
            seeds,
            Duration.ofMinutes(30))
        .write(docs);

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
}
