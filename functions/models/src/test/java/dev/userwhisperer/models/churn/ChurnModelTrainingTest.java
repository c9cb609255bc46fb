package dev.userwhisperer.models.churn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.models.TrainingConfig;
import dev.userwhisperer.models.WarehouseEvent;
import dev.userwhisperer.models.WarehouseEventSource;
import dev.userwhisperer.models.effect.FileModelDirectory;
import dev.userwhisperer.models.effect.ModelDirectory;
import dev.userwhisperer.models.effect.ModelDirectory.Slot;
import dev.userwhisperer.models.effect.Promotion;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChurnModelTrainingTest {
  static final Instant START = Instant.parse("2026-01-05T09:00:00Z");
  static final Instant TODAY = START.plus(Duration.ofDays(70));
  static final TrainingConfig SMALL =
      new TrainingConfig(3, 0.1, 0.8, 0.8, 1.0, 1.0, 200, 20, 0.2, 7L, 1);

  @TempDir Path root;

  @Test
  void anAppWithEnoughHistoryGetsAChurnModelThatBeatsTheFloorAndGoesLive() {
    ModelDirectory directory = new FileModelDirectory(root);
    List<ChurnModelTraining.Attempt> attempts = training(directory, world(600, 1)).run();

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
  }

  @Test
  void aRerunOnTheSameWarehouseJudgesTheSameVersionLive() {
    ModelDirectory directory = new FileModelDirectory(root);
    WarehouseEventSource world = world(600, 1);
    String first = training(directory, world).run().get(0).version();

    ChurnModelTraining.Attempt again = training(directory, world).run().get(0);

    assertThat(again.version()).isEqualTo(first);
    assertThat(again.verdict().reason()).isEqualTo("live");
  }

  @Test
  void aWorseCandidateIsNotPromotedAndTheLiveModelStays() {
    ModelDirectory directory = new FileModelDirectory(root);
    String live = training(directory, world(600, 1)).run().get(0).version();

    // a world where whether a user shows up in a fortnight has nothing to do with their past
    ChurnModelTraining.Attempt worse = training(directory, memoryless(900, 2)).run().get(0);

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

    ChurnModelTraining.Attempt a = training(directory, world(40, 1)).run().get(0);

    assertThat(a.status()).isEqualTo("not_enough_data");
    assertThat(a.detail()).contains("needs " + ChurnModelTraining.MIN_TRAINING_PER_CLASS);
    assertThat(directory.live(Slot.churn("shop"))).isEmpty();
    assertThat(directory.versions(Slot.churn("shop"))).isEmpty();
  }

  private static ChurnModelTraining training(ModelDirectory directory, WarehouseEventSource world) {
    Clock clock = Clock.fixed(TODAY, ZoneOffset.UTC);
    return new ChurnModelTraining(
        world, directory, new ChurnPromotion(directory, clock), SMALL, clock);
  }

  /**
   * {@code users} sign up over the first 50 days and use 0 to 4 features; every other day each one
   * still around starts a session, and leaves with a chance of 3 % per visit when they use three or
   * more features, 35 % otherwise.
   */
  static WarehouseEventSource world(int users, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<WarehouseEvent> events = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      String user = "u" + i;
      int features = random.nextInt(5);
      Instant t = START.plus(Duration.ofHours(random.nextInt(50 * 24)));
      events.add(event(user, EventTypes.USER_SIGNUP, t, Map.of()));
      for (int f = 0; f < features; f++) {
        events.add(event(user, EventTypes.FEATURE_USED, t, Map.of("feature", "f" + f)));
      }
      double leave = features >= 3 ? 0.03 : 0.35;
      for (t = t.plus(Duration.ofDays(2)); t.isBefore(TODAY); t = t.plus(Duration.ofDays(2))) {
        if (random.nextDouble() < leave) {
          break;
        }
        events.add(event(user, EventTypes.SESSION_STARTED, t, Map.of()));
      }
    }
    return source(events);
  }

  /**
   * {@code users} sign up before the history the job reads; in each week (weeks end at midnight a
   * multiple of seven days before today, as the job's cutoffs do) each starts a session at a random
   * time with a chance of one half, whatever they did before.
   */
  static WarehouseEventSource memoryless(int users, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Instant midnight = TODAY.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    List<WarehouseEvent> events = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      String user = "m" + i;
      events.add(event(user, EventTypes.USER_SIGNUP, START, Map.of()));
      for (int week = 1; week <= 9; week++) {
        if (random.nextBoolean()) {
          Instant weekStart = midnight.minus(Duration.ofDays(7L * week));
          events.add(
              event(
                  user,
                  EventTypes.SESSION_STARTED,
                  weekStart.plus(Duration.ofMinutes(random.nextInt(7 * 24 * 60))),
                  Map.of()));
        }
      }
    }
    return source(events);
  }

  private static WarehouseEventSource source(List<WarehouseEvent> events) {
    events.sort(
        Comparator.comparing((WarehouseEvent e) -> e.userId())
            .thenComparing(e -> e.event().timestamp()));
    return (appId, until) ->
        events.stream().filter(e -> !e.event().timestamp().isAfter(until)).toList();
  }

  private static WarehouseEvent event(
      String user, String type, Instant at, Map<String, Object> properties) {
    return new WarehouseEvent(
        "shop",
        user,
        new Event(
            user + "-" + type + "-" + at + properties,
            type,
            user,
            null,
            at,
            at,
            properties,
            Map.of(),
            Map.of()));
  }
}
