package dev.userwhisperer.core.analyze;

import static dev.userwhisperer.core.testing.TestEvents.batch;
import static dev.userwhisperer.core.testing.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.ScheduledTask;
import dev.userwhisperer.core.message.ScheduledTask.TaskKind;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.testing.InMemoryArmStatistics;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class AnalyzerTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final InMemoryWarehouse warehouse = new InMemoryWarehouse();
  private final MutableClock clock = new MutableClock(T);

  private Analyzer analyzer(ProfileStore store) {
    return new Analyzer(
        store,
        warehouse,
        new InMemoryArmStatistics(),
        new LifecycleRules(LifecycleThresholds.DEFAULTS),
        AnalyzePolicy.DEFAULTS,
        clock);
  }

  private final UserEventBatch signup =
      batch(
          "b1",
          event(EventTypes.USER_SIGNUP).at(T).trait("email", "ana@example.com").build(),
          event(EventTypes.TRIAL_STARTED).at(T.plusSeconds(1)).build(),
          event(EventTypes.PAGE_VIEWED).at(T.plusSeconds(2)).build());

  @Test
  void signupRaisesASignalRowsASnapshotAndTasks() {
    List<Signal> signals = analyzer(profiles).apply(signup);

    assertThat(signals)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.type()).isEqualTo(SignalType.SIGNED_UP);
              assertThat(s.at()).isEqualTo(T);
              assertThat(s.userId()).isEqualTo("u1");
            });
    assertThat(warehouse.rows(Table.EVENTS)).hasSize(3);
    assertThat(warehouse.rows(Table.PROFILE_SNAPSHOTS)).hasSize(1);
    assertThat(profiles.scheduled())
        .extracting(ScheduledTask::id, ScheduledTask::kind, ScheduledTask::dueAt)
        .containsExactlyInAnyOrder(
            tuple(
                "inactive:app1:u1",
                TaskKind.INACTIVITY_CHECK,
                T.plusSeconds(2).plus(Duration.ofDays(7))),
            tuple(
                "trial:app1:u1", TaskKind.TRIAL_ENDING, T.plusSeconds(1).plus(Duration.ofDays(11))),
            tuple(
                "trial-last-call:app1:u1",
                TaskKind.TRIAL_LAST_CALL,
                T.plusSeconds(1).plus(Duration.ofDays(13))),
            tuple("onboarding:app1:u1", TaskKind.ONBOARDING_CHECK, T.plus(Duration.ofHours(48))),
            tuple(
                "discovery:app1:u1", TaskKind.FEATURE_DISCOVERY_CHECK, T.plus(Duration.ofDays(3))));
  }

  @Test
  void aRedeliveredBatchChangesNothingButReturnsTheSameSignalsAgain() {
    Analyzer analyze = analyzer(profiles);
    List<Signal> first = analyze.apply(signup);
    Profile afterFirst = profiles.find("app1", "u1").orElseThrow();
    var tasks = profiles.scheduled();
    var snapshots = warehouse.rows(Table.PROFILE_SNAPSHOTS);

    List<Signal> second = analyze.apply(signup);

    assertThat(first).hasSize(1);
    assertThat(second)
        .as("a crash before publishing the first signals loses none")
        .isEqualTo(first);
    assertThat(profiles.find("app1", "u1")).contains(afterFirst);
    assertThat(profiles.scheduled()).containsExactlyInAnyOrderElementsOf(tasks);
    assertThat(warehouse.rows(Table.PROFILE_SNAPSHOTS)).isEqualTo(snapshots);
    assertThat(warehouse.rows(Table.EVENTS)).hasSize(3);
  }

  @Test
  void aLaterBatchOfTheSameDayWritesASnapshotOnlyWhenItChangesWhatSnapshotsShow() {
    Analyzer analyze = analyzer(profiles);
    analyze.apply(signup);
    Profile before = profiles.find("app1", "u1").orElseThrow();

    analyze.apply(batch("b2", event(EventTypes.PAGE_VIEWED).at(T.plusSeconds(600)).build()));
    Profile after = profiles.find("app1", "u1").orElseThrow();

    assertThat(after.activity().eventCount()).isGreaterThan(before.activity().eventCount());
    assertThat(after.lifecycle()).isEqualTo(before.lifecycle());
    assertThat(warehouse.rows(Table.PROFILE_SNAPSHOTS)).hasSize(1);

    analyze.apply(
        batch("b3", event(EventTypes.SUBSCRIPTION_STARTED).at(T.plusSeconds(900)).build()));
    assertThat(warehouse.rows(Table.PROFILE_SNAPSHOTS)).as("the billing status changed").hasSize(2);
  }

  @Test
  void theFirstBatchOfAUtcDayWritesASnapshot() {
    Analyzer analyze = analyzer(profiles);
    analyze.apply(signup);

    analyze.apply(
        batch("b2", event(EventTypes.PAGE_VIEWED).at(T.plus(Duration.ofDays(1))).build()));

    assertThat(warehouse.rows(Table.PROFILE_SNAPSHOTS))
        .extracting(row -> row.get("snapshot_at"))
        .containsExactly(T.plusSeconds(2), T.plus(Duration.ofDays(1)));
  }

  @Test
  void theChecksAreWrittenWithTheProfileAndARedeliveryLeavesThemAsTheyWere() {
    Analyzer analyze = analyzer(profiles);
    analyze.apply(signup);
    analyze.apply(
        batch("b2", event(EventTypes.PAGE_VIEWED).at(T.plus(Duration.ofDays(1))).build()));
    Profile moved = profiles.find("app1", "u1").orElseThrow();

    analyze.apply(signup);

    assertThat(moved.schedule().tasks())
        .filteredOn(t -> t.kind() == TaskKind.INACTIVITY_CHECK)
        .extracting(ScheduledTask::dueAt)
        .containsExactly(T.plus(Duration.ofDays(8)));
    assertThat(profiles.find("app1", "u1")).contains(moved);
  }

  @Test
  void aBatchRepeatingAnEventRaisesItsSignalOnce() {
    var signupEvent = event(EventTypes.USER_SIGNUP).at(T).build();
    assertThat(analyzer(profiles).apply(batch("b1", signupEvent, signupEvent))).hasSize(1);
  }

  @Test
  void aBatchMixingAppliedAndNewEventsRaisesTheSignalsOfBoth() {
    Analyzer analyze = analyzer(profiles);
    var signupEvent = event(EventTypes.USER_SIGNUP).at(T).build();
    var paymentFailed = event(EventTypes.PAYMENT_FAILED).at(T.plusSeconds(60)).build();
    analyze.apply(batch("b1", signupEvent));

    List<Signal> signals = analyze.apply(batch("b2", signupEvent, paymentFailed));

    assertThat(signals)
        .extracting(Signal::type)
        .containsExactly(SignalType.SIGNED_UP, SignalType.PAYMENT_FAILED);
    assertThat(profiles.find("app1", "u1").orElseThrow().activity().eventCount()).isEqualTo(2);
  }

  @Test
  void anEventOlderThanTheSignalMaxAgeUpdatesTheProfileButRaisesNoSignal() {
    clock.set(T.plus(Duration.ofHours(48)).plusSeconds(1));

    List<Signal> signals =
        analyzer(profiles).apply(batch("import", event(EventTypes.USER_SIGNUP).at(T).build()));

    assertThat(signals).isEmpty();
    assertThat(profiles.find("app1", "u1").orElseThrow().activity().countsByType())
        .containsEntry(EventTypes.USER_SIGNUP, 1L);
    assertThat(warehouse.rows(Table.EVENTS)).hasSize(1);
  }

  @Test
  void anEventExactlyTheSignalMaxAgeOldStillRaisesItsSignal() {
    clock.set(T.plus(Duration.ofHours(48)));
    assertThat(
            analyzer(profiles).apply(batch("b1", event(EventTypes.PAYMENT_FAILED).at(T).build())))
        .extracting(Signal::type)
        .containsExactly(SignalType.PAYMENT_FAILED);
  }

  @Test
  void onlyTheRecentEventsOfABackfilledBatchRaiseSignals() {
    Instant now = T.plus(Duration.ofDays(90));
    clock.set(now);
    var analyze =
        new Analyzer(
            profiles,
            warehouse,
            new InMemoryArmStatistics(),
            new LifecycleRules(LifecycleThresholds.DEFAULTS),
            new AnalyzePolicy(Duration.ofHours(1)),
            clock);

    List<Signal> signals =
        analyze.apply(
            batch(
                "b1",
                event(EventTypes.USER_SIGNUP).at(T).build(),
                event(EventTypes.PAYMENT_FAILED).at(now.minus(Duration.ofHours(2))).build(),
                event(EventTypes.PAYMENT_FAILED).at(now.minus(Duration.ofMinutes(5))).build()));

    assertThat(signals)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.type()).isEqualTo(SignalType.PAYMENT_FAILED);
              assertThat(s.at()).isEqualTo(now.minus(Duration.ofMinutes(5)));
            });
  }

  @Test
  void signalIdsAreStableAcrossIndependentRuns() {
    List<Signal> one = analyzer(profiles).apply(signup);
    List<Signal> other = analyzer(new InMemoryProfileStore()).apply(signup);
    assertThat(one).isEqualTo(other);
  }

  @Test
  void whenTheTransactionRetriesAfterAConcurrentWriteOnlyTheWrittenAttemptCounts() {
    ProfileStore racing =
        new ProfileStore() {
          @Override
          public Optional<Profile> find(String appId, String userId) {
            return profiles.find(appId, userId);
          }

          @Override
          public List<String> mergedInto(String appId, String userId) {
            return profiles.mergedInto(appId, userId);
          }

          @Override
          public Profile update(String appId, String userId, UnaryOperator<Profile> change) {
            change.apply(Profile.empty(appId, userId));
            analyzer(profiles).apply(signup);
            return profiles.update(appId, userId, change);
          }

          @Override
          public List<Profile> due(int shard, Instant now, int limit) {
            return profiles.due(shard, now, limit);
          }
        };

    List<Signal> signals = analyzer(racing).apply(signup);

    assertThat(signals)
        .as("the same signal as the competing instance's, which decide takes once")
        .isEqualTo(analyzer(new InMemoryProfileStore()).apply(signup));
    assertThat(profiles.find("app1", "u1").orElseThrow().activity().eventCount()).isEqualTo(3);
  }

  @Test
  void paymentFailedRaisesPaymentFailedAndActivityMovesTheInactivityCheck() {
    Analyzer analyze = analyzer(profiles);
    analyze.apply(signup);
    Instant later = T.plus(Duration.ofDays(3));
    List<Signal> signals =
        analyze.apply(
            batch(
                "b2",
                event(EventTypes.PAYMENT_FAILED).at(later).build(),
                event(EventTypes.FEATURE_USED).at(later.plusSeconds(1)).build()));

    assertThat(signals).extracting(Signal::type).containsExactly(SignalType.PAYMENT_FAILED);
    assertThat(profiles.scheduled())
        .filteredOn(t -> t.kind() == TaskKind.INACTIVITY_CHECK)
        .singleElement()
        .extracting(ScheduledTask::dueAt)
        .isEqualTo(later.plusSeconds(1).plus(Duration.ofDays(7)));
  }

  @Test
  void billingEventsAloneDoNotMoveTheInactivityCheck() {
    Analyzer analyze = analyzer(profiles);
    analyze.apply(signup);
    analyze.apply(
        batch("b2", event(EventTypes.PAYMENT_SUCCEEDED).at(T.plus(Duration.ofDays(3))).build()));

    assertThat(profiles.scheduled())
        .filteredOn(t -> t.kind() == TaskKind.INACTIVITY_CHECK)
        .singleElement()
        .extracting(ScheduledTask::dueAt)
        .isEqualTo(T.plusSeconds(2).plus(Duration.ofDays(7)));
  }
}
