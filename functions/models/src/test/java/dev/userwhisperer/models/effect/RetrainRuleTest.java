package dev.userwhisperer.models.effect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrainRuleTest {
  private static final Instant TRAINED_AT = Instant.parse("2026-03-01T00:00:00Z");
  private static final RetrainRule RULE = RetrainRule.DEFAULT;

  private static Optional<byte[]> last(String status, Long rows) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("attempted_at", TRAINED_AT.toString());
    if (rows != null) {
      m.put(RetrainRule.ROWS, rows);
    }
    m.put("status", status);
    return Optional.of(Json.encode(m));
  }

  @Test
  void aSlotNeverAttemptedOrWhoseLastAttemptTrainedNothingIsTriedAtEveryRun() {
    Instant nextDay = TRAINED_AT.plus(Duration.ofDays(1));

    assertThat(RULE.skip(Optional.empty(), 1_000, nextDay)).isEmpty();
    assertThat(RULE.skip(last("not_enough_data", 1_000L), 1_000, nextDay)).isEmpty();
    assertThat(RULE.skip(last("failed", 1_000L), 1_000, nextDay)).isEmpty();
  }

  @Test
  void aTrainedSlotWaitsUntilItsRowsGrewByTenPercent() {
    Instant nextDay = TRAINED_AT.plus(Duration.ofDays(1));

    assertThat(RULE.skip(last("trained", 1_000L), 1_099, nextDay))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .contains("1099 labelled rows, 1000 at the training of 2026-03-01T00:00:00Z")
                    .contains("10 % more or 7 days"));
    assertThat(RULE.skip(last("trained", 1_000L), 1_100, nextDay)).isEmpty();
  }

  @Test
  void aTrainedSlotIsRetrainedAWeekAfterItsTrainingHoweverLittleItGrew() {
    assertThat(RULE.skip(last("trained", 1_000L), 1_000, TRAINED_AT.plus(Duration.ofDays(7))))
        .isEmpty();
    assertThat(
            RULE.skip(
                last("trained", 1_000L),
                1_000,
                TRAINED_AT.plus(Duration.ofDays(7)).minusSeconds(1)))
        .isPresent();
  }

  @Test
  void rowsThatShrankSinceTheTrainingAnErasureSayCallForARetraining() {
    assertThat(RULE.skip(last("trained", 1_000L), 990, TRAINED_AT.plusSeconds(60))).isEmpty();
  }

  @Test
  void aRecordWithoutItsRowCountAsTheJobWroteThemBeforeIsRetrained() {
    assertThat(RULE.skip(last("trained", null), 1_000, TRAINED_AT.plusSeconds(60))).isEmpty();
  }

  @Test
  void aSlotWhoseTrainedModelDidNotGoLiveIsTriedAgainAtTheNextRun(@TempDir Path root) {
    ModelDirectory directory = new FileModelDirectory(root);
    ModelDirectory.Slot slot = new ModelDirectory.Slot("app1", "winback");
    directory.recordTraining(slot, last("trained", 1_000L).orElseThrow());

    assertThat(RULE.skip(directory, slot, 1_000, TRAINED_AT.plus(Duration.ofDays(1)))).isEmpty();
  }

  @Test
  void everyRunRetrainsAtEveryRun() {
    assertThat(RetrainRule.EVERY_RUN.skip(last("trained", 1_000L), 1_000, TRAINED_AT)).isEmpty();
  }

  @Test
  void aNegativeGrowthOrAgeIsRefused() {
    assertThatThrownBy(() -> new RetrainRule(-0.1, Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minGrowth");
    assertThatThrownBy(() -> new RetrainRule(0.1, Duration.ofDays(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxAge");
  }
}
