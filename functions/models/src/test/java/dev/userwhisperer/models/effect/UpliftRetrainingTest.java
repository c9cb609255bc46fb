package dev.userwhisperer.models.effect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.port.UpliftTrainingRow;
import dev.userwhisperer.models.effect.ModelDirectory.Slot;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpliftRetrainingTest {
  private static final Slot WINBACK = new Slot("app1", "winback");
  private static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");

  @TempDir Path root;

  private UpliftModelTraining training(Instant now) {
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    ModelDirectory directory = new FileModelDirectory(root);
    return new UpliftModelTraining(
        last -> rows, directory, new UpliftPromotion(directory, clock), clock, RetrainRule.DEFAULT);
  }

  private List<UpliftTrainingRow> rows = UpliftModelTrainingTest.campaign(3_000, 2);

  @Test
  void aLiveModelIsNotRetrainedTheNextDayOnRowsThatBarelyGrewAndStaysLive() {
    UpliftModelTraining.Attempt first = training(NOW).run().get(0);
    ModelDirectory directory = new FileModelDirectory(root);
    byte[] record = directory.lastTraining(WINBACK).orElseThrow();

    UpliftModelTraining.Attempt next = training(NOW.plus(Duration.ofDays(1))).run().get(0);

    assertThat(first.promoted()).as(first.detail()).isTrue();
    assertThat(next.status()).isEqualTo("skipped");
    assertThat(next.detail()).contains("3000 labelled rows, 3000 at the training");
    assertThat(directory.live(WINBACK)).contains(first.version());
    assertThat(directory.lastTraining(WINBACK)).hasValue(record);
  }

  @Test
  void aRetrainingAskedForRetrainsASlotThatIsNotDue() {
    training(NOW).run();

    UpliftModelTraining.Attempt asked =
        training(NOW.plus(Duration.ofHours(1))).run(RetrainRule.EVERY_RUN).get(0);

    assertThat(asked.status()).isEqualTo("trained");
    assertThat(asked.verdict().reason()).isEqualTo("live");
  }

  @Test
  void aLiveModelIsRetrainedAWeekLaterOrOnceItsRowsGrewByTenPercent() {
    training(NOW).run();
    UpliftModelTraining.Attempt aWeekLater = training(NOW.plus(Duration.ofDays(7))).run().get(0);
    List<UpliftTrainingRow> more = new ArrayList<>(rows);
    more.addAll(
        UpliftModelTrainingTest.campaign(400, 9).stream()
            .map(
                r ->
                    new UpliftTrainingRow(
                        r.appId(),
                        r.intervention(),
                        "more-" + r.decisionId(),
                        r.decisionDate(),
                        r.treated(),
                        r.treatmentPropensity(),
                        r.goalReached(),
                        r.features()))
            .toList());
    rows = more;

    UpliftModelTraining.Attempt grown = training(NOW.plus(Duration.ofDays(8))).run().get(0);

    assertThat(aWeekLater.status()).isEqualTo("trained");
    assertThat(grown.status()).isEqualTo("trained");
  }
}
