package dev.userwhisperer.core.analyze;

import static dev.userwhisperer.core.testing.TestEvents.batch;
import static dev.userwhisperer.core.testing.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.testing.InMemoryArmStatistics;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** READY_TO_UPGRADE: a user on no paid plan becomes a power user. */
class ReadyToUpgradeTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private final MutableClock clock = new MutableClock(T);
  private final Analyzer analyzer =
      new Analyzer(
          new InMemoryProfileStore(),
          new InMemoryWarehouse(),
          new InMemoryArmStatistics(),
          new LifecycleRules(LifecycleThresholds.DEFAULTS),
          AnalyzePolicy.DEFAULTS,
          clock);

  /** Session {@code n}: a session start and a feature used, an hour after the previous one. */
  private static UserEventBatch session(int n, Event... more) {
    Instant at = T.plus(Duration.ofHours(n));
    List<Event> events = new ArrayList<>(List.of(more));
    events.add(event(EventTypes.SESSION_STARTED).at(at).build());
    events.add(
        event(EventTypes.FEATURE_USED).prop("feature", "f" + n).at(at.plusSeconds(1)).build());
    return batch("s" + n, events.toArray(Event[]::new));
  }

  private List<Signal> apply(UserEventBatch batch) {
    clock.set(batch.events().get(batch.events().size() - 1).timestamp());
    return analyzer.apply(batch).stream()
        .filter(s -> s.type() == SignalType.READY_TO_UPGRADE)
        .toList();
  }

  @Test
  void aFreeUserBecomingAPowerUserIsReadyToUpgradeOnceInTheBatchThatMadeThem() {
    List<List<Signal>> perBatch = new ArrayList<>();
    for (int n = 1; n <= 12; n++) {
      perBatch.add(apply(session(n)));
    }

    assertThat(perBatch.subList(0, 9)).allSatisfy(s -> assertThat(s).isEmpty());
    assertThat(perBatch.get(9))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.at()).isEqualTo(T.plus(Duration.ofHours(10)).plusSeconds(1));
              assertThat(s.attributes())
                  .containsEntry("episode", "free")
                  .containsEntry("lifecycle", "POWER");
            });
    assertThat(perBatch.subList(10, 12)).allSatisfy(s -> assertThat(s).isEmpty());
  }

  @Test
  void aRedeliveredCrossingBatchReturnsTheSameSignalAgain() {
    for (int n = 1; n <= 9; n++) {
      apply(session(n));
    }
    UserEventBatch crossing = session(10);

    List<Signal> first = apply(crossing);
    List<Signal> again = apply(crossing);

    assertThat(first).hasSize(1);
    assertThat(again).isEqualTo(first);
  }

  @Test
  void startingATrialIsANewEpisode() {
    for (int n = 1; n <= 10; n++) {
      apply(session(n));
    }
    Instant trialAt = T.plus(Duration.ofHours(11)).minusSeconds(1);

    List<Signal> trial = apply(session(11, event(EventTypes.TRIAL_STARTED).at(trialAt).build()));

    assertThat(trial)
        .singleElement()
        .satisfies(s -> assertThat(s.attributes()).containsEntry("episode", "trial:" + trialAt));
  }

  @Test
  void aPayingUserIsNotOfferedAnUpgrade() {
    apply(
        session(
            0,
            event(EventTypes.SUBSCRIPTION_STARTED)
                .prop("plan", "pro")
                .at(T.minusSeconds(10))
                .build()));
    List<Signal> signals = new ArrayList<>();
    for (int n = 1; n <= 12; n++) {
      signals.addAll(apply(session(n)));
    }

    assertThat(signals).isEmpty();
  }
}
