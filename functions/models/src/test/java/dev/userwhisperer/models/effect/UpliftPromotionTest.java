package dev.userwhisperer.models.effect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.models.effect.ModelDirectory.Slot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpliftPromotionTest {
  private static final Slot WINBACK = new Slot("app1", "winback");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path root;

  private Promotion.Verdict submit(String version, long rows, double qini) throws Exception {
    Path trained = root.resolve("trained-" + version);
    TrainedModels.writeTLearner(trained, version, rows, qini);
    return new UpliftPromotion(new FileModelDirectory(root.resolve("models")), CLOCK)
        .submit(WINBACK, trained);
  }

  private ModelDirectory models() {
    return new FileModelDirectory(root.resolve("models"));
  }

  @Test
  void aFirstModelAboveTheFloorGoesLive() throws Exception {
    assertThat(submit("v1", 30_000, 0.04).promoted()).isTrue();

    assertThat(models().live(WINBACK)).contains("v1");
    assertThat(
            Promotion.verdictOf(models().version(WINBACK, "v1"))
                .orElseThrow()
                .path("reason")
                .asString())
        .isEqualTo("promoted");
  }

  @Test
  void aModelWhoseHeldOutArmsHaveTooFewOutcomesIsKeptOutAndSaysWhy() throws Exception {
    Promotion.Verdict v = submit("v1", 70, 0.04);

    assertThat(v.promoted()).isFalse();
    assertThat(v.reason()).isEqualTo("below_floor");
    assertThat(v.detail()).contains("35 treated (8 reached the goal)").contains("fewer than 10");
    assertThat(models().live(WINBACK)).isEmpty();
    assertThat(models().versions(WINBACK)).containsExactly("v1");
  }

  @Test
  void aModelNoBetterThanRandomIsKeptOut() throws Exception {
    Promotion.Verdict v = submit("v1", 30_000, 0.005);

    assertThat(v.reason()).isEqualTo("below_floor");
    assertThat(v.detail()).contains("no better than random");
  }

  @Test
  void aModelWithAFewThousandRowsWhoseIntervalIsAboveZeroGoesLive() throws Exception {
    assertThat(submit("v1", 2_000, 0.04).promoted()).isTrue();
  }

  @Test
  void aNewModelReplacesTheLiveOneOnlyWhenItsQiniIsHigher() throws Exception {
    submit("v1", 30_000, 0.04);

    Promotion.Verdict worse = submit("v2", 30_000, 0.03);
    assertThat(worse.reason()).isEqualTo("not_better_than_live");
    assertThat(models().live(WINBACK)).contains("v1");

    Promotion.Verdict better = submit("v3", 30_000, 0.05);
    assertThat(better.promoted()).isTrue();
    assertThat(models().live(WINBACK)).contains("v3");
  }

  @Test
  void aNewModelWhoseQiniReadsTheSameAsTheLiveOnesStaysOut() throws Exception {
    submit("v1", 30_000, 0.04);

    Promotion.Verdict tie = submit("v2", 30_000, 0.04);
    Promotion.Verdict fifthDecimal = submit("v3", 30_000, 0.040004);

    assertThat(tie.reason()).isEqualTo("not_better_than_live");
    assertThat(fifthDecimal.reason()).isEqualTo("not_better_than_live");
    assertThat(fifthDecimal.detail())
        .isEqualTo("Qini 0.0400 against the live version's 0.0400 on its own held-out rows");
    assertThat(models().live(WINBACK)).contains("v1");
  }

  @Test
  void theCommandLineExitsByTheVerdict() throws Exception {
    Path trained = root.resolve("trained");
    TrainedModels.writeTLearner(trained, "v1", 70, 0.04);
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();

    int status =
        PromoteCli.run(
            new String[] {
              "--models",
              root.resolve("models").toString(),
              "--app",
              "app1",
              "--intervention",
              "winback",
              "--candidate",
              trained.toString()
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            CLOCK);

    assertThat(status).isEqualTo(3);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("below_floor: held out: 35 treated");
    assertThat(PromoteCli.run(new String[] {"--app"}, System.out, new PrintStream(err), CLOCK))
        .isEqualTo(2);
  }
}
