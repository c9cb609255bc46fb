package dev.userwhisperer.models.churn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.models.TrainingConfig;
import dev.userwhisperer.models.WarehouseEventSource;
import dev.userwhisperer.models.effect.FileModelDirectory;
import dev.userwhisperer.models.effect.ModelDirectory;
import dev.userwhisperer.models.effect.ModelDirectory.Slot;
import dev.userwhisperer.models.effect.Promotion;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChurnModelTrainingTest {
  static final TrainingConfig SMALL =
      new TrainingConfig(3, 0.1, 0.8, 0.8, 1.0, 1.0, 200, 20, 0.2, 7L, 1);

  @TempDir Path root;

  @Test
  void anAppWithEnoughHistoryGetsAChurnModelThatBeatsTheFloorAndGoesLive() {
    ModelDirectory directory = new FileModelDirectory(root);
    List<ChurnModelTraining.Attempt> attempts =
        training(directory, ChurnWorlds.world(600, 1)).run();

    assertThat(attempts).hasSize(1);
    ChurnModelTraining.Attempt a = attempts.get(0);
    assertThat(a.status()).as(a.detail()).isEqualTo("trained");
    assertThat(a.verdict().reason()).as(a.detail()).isEqualTo("promoted");
    assertThat(directory.live(Slot.churn("shop"))).contains(a.version());
    var metadata = ChurnPromotion.metadata(directory.version(Slot.churn("shop"), a.version()));
    assertThat(metadata.path("held_out_metrics").path("roc_auc").asDouble())
        .isGreaterThan(ChurnModelTraining.AUC_FLOOR);

    LearnedChurnScorers scorers = new LearnedChurnScorers(directory, Optional.empty());
    scorers.refresh();
    assertThat(scorers.liveVersion("shop")).contains(a.version());
    assertThat(scorers.score("shop", Map.of("features_distinct", 0.0)))
        .hasValueSatisfying(s -> assertThat(s.modelVersion()).isEqualTo(a.version()));
    assertThat(scorers.score("another-app", Map.of())).isEmpty();
    assertThat(scorers.scores("shop")).isTrue();
    assertThat(scorers.scores("another-app")).isFalse();
  }

  @Test
  void aRerunOnTheSameWarehouseJudgesTheSameVersionLive() {
    ModelDirectory directory = new FileModelDirectory(root);
    WarehouseEventSource world = ChurnWorlds.world(600, 1);
    String first = training(directory, world).run().get(0).version();

    ChurnModelTraining.Attempt again = training(directory, world).run().get(0);

    assertThat(again.version()).isEqualTo(first);
    assertThat(again.verdict().reason()).isEqualTo("live");
  }

  @Test
  void aWorseCandidateIsNotPromotedAndTheLiveModelStays() {
    ModelDirectory directory = new FileModelDirectory(root);
    String live = training(directory, ChurnWorlds.world(600, 1)).run().get(0).version();

    // a world where whether a user shows up in a fortnight has nothing to do with their past
    ChurnModelTraining.Attempt worse =
        training(directory, ChurnWorlds.memoryless(900, 2)).run().get(0);

    assertThat(worse.status()).isEqualTo("trained");
    assertThat(worse.version()).isNotEqualTo(live);
    assertThat(worse.promoted()).isFalse();
    assertThat(worse.verdict().reason()).isIn("below_floor", "not_better_than_live");
    assertThat(directory.live(Slot.churn("shop"))).contains(live);
    assertThat(Promotion.verdictOf(directory.version(Slot.churn("shop"), worse.version())))
        .hasValueSatisfying(
            v -> {
              assertThat(v.path("promoted").asBoolean()).isFalse();
              assertThat(v.path("live_before").asString()).isEqualTo(live);
            });
    assertThat(
            Json.tree(directory.lastTraining(Slot.churn("shop")).orElseThrow())
                .path("reason")
                .asString())
        .isEqualTo(worse.verdict().reason());
  }

  @Test
  void tooLittleHistoryTrainsNothingAndSaysWhy() {
    ModelDirectory directory = new FileModelDirectory(root);

    ChurnModelTraining.Attempt a = training(directory, ChurnWorlds.world(40, 1)).run().get(0);

    assertThat(a.status()).isEqualTo("not_enough_data");
    assertThat(a.detail()).contains("needs " + ChurnModelTraining.MIN_TRAINING_PER_CLASS);
    assertThat(directory.live(Slot.churn("shop"))).isEmpty();
    assertThat(directory.versions(Slot.churn("shop"))).isEmpty();
  }

  private static ChurnModelTraining training(ModelDirectory directory, WarehouseEventSource world) {
    Clock clock = Clock.fixed(ChurnWorlds.TODAY, ZoneOffset.UTC);
    return new ChurnModelTraining(
        world,
        (app, until) -> List.of(),
        directory,
        new ChurnPromotion(directory, clock),
        SMALL,
        clock);
  }
}
