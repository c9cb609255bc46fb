package dev.userwhisperer.core.schedule;

import static dev.userwhisperer.core.testing.TestEvents.batch;
import static dev.userwhisperer.core.testing.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.analyze.AnalyzePolicy;
import dev.userwhisperer.core.analyze.Analyzer;
import dev.userwhisperer.core.analyze.LifecycleRules;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.decide.Decider;
import dev.userwhisperer.core.decide.DecisionPolicy;
import dev.userwhisperer.core.decide.InterventionCatalog;
import dev.userwhisperer.core.decide.PriorUpliftModel;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.ScheduledTask;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.profile.Billing.BillingStatus;
import dev.userwhisperer.core.profile.LifecycleStage;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.testing.InMemoryArmStatistics;
import dev.userwhisperer.core.testing.InMemoryDecisionLog;
import dev.userwhisperer.core.testing.InMemoryEventBus;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.Profiles;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class SweeperTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final InMemoryDecisionLog decisions = new InMemoryDecisionLog();
  private final InMemoryWarehouse warehouse = new InMemoryWarehouse();
  private final InMemoryEventBus bus = new InMemoryEventBus();
  private final LifecycleRules rules = new LifecycleRules(LifecycleThresholds.DEFAULTS);
  private final Analyzer analyzer =
      new Analyzer(
          profiles,
          warehouse,
          new InMemoryArmStatistics(),
          rules,
          AnalyzePolicy.DEFAULTS,
          new MutableClock(T));
  private final Sweeper sweeper =
      new Sweeper(profiles, warehouse, bus, rules, new InterventionCatalog());
  private final Decider decider =
      new Decider(
          profiles,
          decisions,
          warehouse,
          new InMemoryArmStatistics(),
          new InterventionCatalog(),
          new PriorUpliftModel(),
          DecisionPolicy.DEFAULTS
              .withExplorationPercent(0)
              .withHoldoutPercent(0)
              .withSendTimeOptimised(false));

  /** What decide returns for the RELEASE_DUE signals the sweep publishes. */
  private List<Decision> decideReleases() {
    return bus.published(Signal.class).stream()
        .filter(s -> s.type() == SignalType.RELEASE_DUE)
        .flatMap(s -> decider.apply(s).stream())
        .toList();
  }

  @Test
  void anInactiveUserRaisesOneInactiveSignalAndMovesToAtRisk() {
    analyzer.apply(batch("b1", event(EventTypes.FEATURE_USED).at(T).build()));

    assertThat(sweeper.run(T.plus(Duration.ofDays(6))).tasks()).isZero();
    Sweeper.SweepReport report = sweeper.run(T.plus(Duration.ofDays(7)));

    assertThat(report.inactiveSignals()).isEqualTo(1);
    assertThat(bus.published(Signal.class))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.type()).isEqualTo(SignalType.INACTIVE);
              assertThat(s.attributes()).containsEntry("lastActiveAt", T.toString());
            });
    assertThat(profiles.find("app1", "u1").orElseThrow().lifecycle())
        .isEqualTo(LifecycleStage.AT_RISK);
    assertThat(profiles.scheduled()).isEmpty();
    assertThat(sweeper.run(T.plus(Duration.ofDays(8))).tasks()).isZero();
  }

  @Test
  void theWarehouseShowsTheInactiveSignalsUserAtRiskAtTheSignalsTime() {
    // uplift_outcomes takes a decision's stage from the user's latest snapshot at or before it
    // (the later one, AT_RISK before ACTIVATED, on a tie), and decide ranks a win-back by the
    // AT_RISK cell: a sweep that moved the stage without a snapshot filed every win-back under
    // the stage the user had before going quiet (issue 23)
    analyzer.apply(batch("b1", event(EventTypes.FEATURE_USED).at(T).build()));

    sweeper.run(T.plus(Duration.ofDays(7)));

    Signal inactive = bus.published(Signal.class).get(0);
    Map<String, Object> stageAtDecision =
        warehouse.rows(Table.PROFILE_SNAPSHOTS).stream()
            .filter(row -> !((Instant) row.get("snapshot_at")).isAfter(inactive.at()))
            .max(
                Comparator.comparing((Map<String, Object> row) -> (Instant) row.get("snapshot_at"))
                    .thenComparing(row -> (String) row.get("lifecycle"), Comparator.reverseOrder()))
            .orElseThrow();
    assertThat(stageAtDecision).containsEntry("lifecycle", LifecycleStage.AT_RISK.name());
  }

  @Test
  void aCheckOverdueByMoreThanTwoDaysMovesTheLifecycleButSignalsNothing() {
    analyzer.apply(batch("b1", event(EventTypes.FEATURE_USED).at(T).build()));

    Sweeper.SweepReport report =
        sweeper.run(T.plus(Duration.ofDays(7)).plus(Sweeper.STALE_AFTER).plusSeconds(1));

    assertThat(report.dropped()).isEqualTo(1);
    assertThat(bus.published(Signal.class)).isEmpty();
    assertThat(profiles.find("app1", "u1").orElseThrow().lifecycle())
        .isEqualTo(LifecycleStage.AT_RISK);
  }

  @Test
  void aCancelledUserGoingQuietSignalsNothing() {
    analyzer.apply(
        batch(
            "b1",
            event(EventTypes.FEATURE_USED).at(T).build(),
            event(EventTypes.SUBSCRIPTION_CANCELLED).at(T.plusSeconds(60)).build()));

    Sweeper.SweepReport report = sweeper.run(T.plus(Duration.ofDays(7)).plusSeconds(60));

    assertThat(report.dropped()).isEqualTo(1);
    assertThat(report.inactiveSignals()).isZero();
    assertThat(bus.published(Signal.class)).isEmpty();
  }

  @Test
  void aCheckForAUserActiveSinceIsDropped() {
    analyzer.apply(batch("b1", event(EventTypes.FEATURE_USED).at(T).build()));
    var stale = profiles.scheduled().get(0);
    analyzer.apply(
        batch("b2", event(EventTypes.FEATURE_USED).at(T.plus(Duration.ofDays(5))).build()));
    profiles.schedule(stale);

    Sweeper.SweepReport report = sweeper.run(T.plus(Duration.ofDays(7)));

    assertThat(report.dropped()).isEqualTo(1);
    assertThat(bus.published()).isEmpty();
  }

  @Test
  void theInactiveSignalIdIsTheSameWhenATaskIsRepeated() {
    analyzer.apply(batch("b1", event(EventTypes.FEATURE_USED).at(T).build()));
    var task = profiles.scheduled().get(0);
    sweeper.run(T.plus(Duration.ofDays(7)));
    profiles.schedule(task);
    sweeper.run(T.plus(Duration.ofDays(7)).plusSeconds(60));

    assertThat(bus.published(Signal.class))
        .hasSize(2)
        .extracting(Signal::signalId)
        .containsOnly(bus.published(Signal.class).get(0).signalId());
  }

  @Test
  void trialEndingIsRaisedOnlyWhileTrialing() {
    analyzer.apply(batch("b1", event(EventTypes.TRIAL_STARTED).at(T).build()));
    analyzer.apply(batch("b2", event(EventTypes.TRIAL_STARTED).user("u2").at(T).build()));
    analyzer.apply(
        batch(
            "b3",
            event(EventTypes.SUBSCRIPTION_STARTED)
                .user("u2")
                .at(T.plus(Duration.ofDays(2)))
                .build()));

    Sweeper.SweepReport report = sweeper.run(T.plus(Duration.ofDays(11)));

    assertThat(report.trialEndingSignals()).isEqualTo(1);
    assertThat(report.dropped()).isEqualTo(1);
    assertThat(bus.published(Signal.class))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.type()).isEqualTo(SignalType.TRIAL_ENDING);
              assertThat(s.userId()).isEqualTo("u1");
            });
  }

  @Test
  void aLastCallIsRaisedADayBeforeTheTrialEndsAfterTheReminder() {
    analyzer.apply(batch("b1", event(EventTypes.TRIAL_STARTED).at(T).build()));

    sweeper.run(T.plus(Duration.ofDays(12)));
    Sweeper.SweepReport lastDay = sweeper.run(T.plus(Duration.ofDays(13)).plusSeconds(1));

    assertThat(lastDay.trialEndingSignals()).isEqualTo(1);
    assertThat(bus.published(Signal.class))
        .extracting(Signal::type)
        .containsExactly(SignalType.TRIAL_ENDING, SignalType.TRIAL_LAST_CALL);
    Signal reminder = bus.published(Signal.class).get(0);
    Signal lastCall = bus.published(Signal.class).get(1);
    assertThat(lastCall.attributes()).isEqualTo(reminder.attributes());
    assertThat(lastCall.signalId()).isNotEqualTo(reminder.signalId());
  }

  @Test
  void aDeferredDecisionIsReleasedAsARecordedSendDecision() {
    profiles.put(Profiles.user("u1").email("a@b.c").timezone("Europe/Madrid").build());
    Instant night = Instant.parse("2026-01-05T23:00:00Z");
    Decision deferred = decideAtNight(SignalType.INACTIVE, night);

    Sweeper.SweepReport report = sweeper.run(deferred.sendAt());

    assertThat(report.releaseSignals()).isEqualTo(1);
    assertThat(bus.published(Decision.class)).as("the sweep makes no decision").isEmpty();
    Decision released = decideReleases().get(0);
    assertThat(released.outcome()).isEqualTo(Outcome.SEND);
    assertThat(released.reason()).isEqualTo(DecisionReason.RELEASED);
    assertThat(released.decisionId()).isEqualTo(Ids.released(deferred.decisionId()));
    assertThat(released.sendAt()).isEqualTo(deferred.sendAt());
    assertThat(deferred.decidedAt()).isEqualTo(night);
    assertThat(released.decidedAt()).as("the release time").isEqualTo(deferred.sendAt());
    assertThat(released.channel()).isEqualTo(deferred.channel());
    assertThat(decisions.recent("app1", "u1", 10))
        .extracting(Decision::outcome)
        .containsExactlyInAnyOrder(Outcome.DEFERRED, Outcome.SEND);
    assertThat(warehouse.rows(dev.userwhisperer.core.port.Table.DECISIONS)).hasSize(2);
  }

  @Test
  void aDeferredTrialReminderIsWithdrawnWhenTheUserSubscribedBeforeItsHour() {
    Instant night = Instant.parse("2026-01-05T23:00:00Z");
    Profiles user =
        Profiles.user("u1")
            .email("a@b.c")
            .timezone("Europe/Madrid")
            .trialing(night.plus(Duration.ofDays(3)));
    profiles.put(user.build());
    Decision deferred = decideAtNight(SignalType.TRIAL_ENDING, night);
    profiles.put(
        user.billing(BillingStatus.ACTIVE)
            .responsiveness(profiles.find("app1", "u1").orElseThrow().responsiveness())
            .build()
            .withSchedule(profiles.find("app1", "u1").orElseThrow().schedule()));

    Sweeper.SweepReport report = sweeper.run(deferred.sendAt());

    assertThat(report.releaseSignals()).isEqualTo(1);
    assertThat(decideReleases()).isEmpty();
    assertThat(decisions.find("app1", Ids.released(deferred.decisionId())))
        .hasValueSatisfying(
            d -> {
              assertThat(d.outcome()).isEqualTo(Outcome.NOT_ELIGIBLE);
              assertThat(d.reason()).isEqualTo(DecisionReason.ALREADY_CONVERTED);
              assertThat(d.intervention()).isEqualTo("trial_ending");
              assertThat(d.channel()).isNull();
            });
    assertThat(profiles.find("app1", "u1").orElseThrow().responsiveness().pending())
        .as("never sent, so never settled as ignored")
        .isEmpty();
    assertThat(sweeper.run(deferred.sendAt().plusSeconds(60)).tasks()).isZero();
  }

  @Test
  void aDeferredMessageIsWithdrawnWhenTheUserUnsubscribedFromItsChannel() {
    Instant night = Instant.parse("2026-01-05T23:00:00Z");
    Profiles user = Profiles.user("u1").email("a@b.c").timezone("Europe/Madrid");
    profiles.put(user.build());
    Decision deferred = decideAtNight(SignalType.INACTIVE, night);
    profiles.put(
        user.unsubscribed(Channel.EMAIL)
            .responsiveness(profiles.find("app1", "u1").orElseThrow().responsiveness())
            .build()
            .withSchedule(profiles.find("app1", "u1").orElseThrow().schedule()));

    sweeper.run(deferred.sendAt());

    assertThat(decideReleases()).isEmpty();
    assertThat(decisions.find("app1", Ids.released(deferred.decisionId())))
        .hasValueSatisfying(d -> assertThat(d.reason()).isEqualTo(DecisionReason.UNSUBSCRIBED));
  }

  /** A marketing decision at 23:00 UTC (midnight in Madrid): deferred to the end of quiet hours. */
  private Decision decideAtNight(SignalType type, Instant night) {
    decider.apply(new Signal(Signal.VERSION, "s1", "app1", "u1", type, night, Map.of()));
    Decision deferred = decisions.all().get(0);
    assertThat(deferred.outcome()).isEqualTo(Outcome.DEFERRED);
    assertThat(profiles.find("app1", "u1").orElseThrow().responsiveness().pending()).hasSize(1);
    return deferred;
  }

  @Test
  void aReleaseOfAnUnknownDecisionDecidesNothing() {
    profiles.schedule(
        new ScheduledTask(
            "release:x",
            "app1",
            "u1",
            ScheduledTask.TaskKind.RELEASE_DECISION,
            T,
            Map.of("decisionId", "x")));
    assertThat(sweeper.run(T).releaseSignals()).isEqualTo(1);
    assertThat(decideReleases()).isEmpty();
    assertThat(decisions.all()).isEmpty();
  }

  @Test
  void aCheckAnalyzeMovedForwardWhileTheSweepHandledItStaysAsAnalyzeWroteIt() {
    analyzer.apply(batch("b1", event(EventTypes.FEATURE_USED).at(T).build()));
    Instant lateActivity = T.plus(Duration.ofDays(6));
    ProfileStore racing =
        new ProfileStore() {
          @Override
          public Optional<Profile> find(String appId, String userId) {
            return profiles.find(appId, userId);
          }

          @Override
          public Profile update(String appId, String userId, UnaryOperator<Profile> change) {
            return profiles.update(appId, userId, change);
          }

          @Override
          public List<String> mergedInto(String appId, String userId) {
            return profiles.mergedInto(appId, userId);
          }

          @Override
          public List<Profile> due(int shard, Instant now, int limit) {
            List<Profile> due = profiles.due(shard, now, limit);
            if (!due.isEmpty()) {
              analyzer.apply(batch("b2", event(EventTypes.FEATURE_USED).at(lateActivity).build()));
            }
            return due;
          }
        };

    new Sweeper(racing, warehouse, bus, rules, new InterventionCatalog())
        .run(T.plus(Duration.ofDays(7)));

    assertThat(profiles.scheduled())
        .filteredOn(t -> t.kind() == ScheduledTask.TaskKind.INACTIVITY_CHECK)
        .extracting(ScheduledTask::dueAt)
        .containsExactly(lateActivity.plus(Duration.ofDays(7)));
  }

  @Test
  void aRunHandlesAtMostItsBudgetAndTheNextRunsTakeTheRest() {
    for (int u = 0; u < 5; u++) {
      analyzer.apply(batch("b" + u, event(EventTypes.FEATURE_USED).user("u" + u).at(T).build()));
    }
    Sweeper bounded =
        new Sweeper(
            profiles,
            warehouse,
            bus,
            rules,
            new InterventionCatalog(),
            new Sweeper.Limits(2, 1, true));
    Instant due = T.plus(Duration.ofDays(7));

    assertThat(bounded.run(due).inactiveSignals()).isEqualTo(2);
    assertThat(bounded.run(due.plusSeconds(60)).inactiveSignals()).isEqualTo(2);
    assertThat(bounded.run(due.plusSeconds(120)).inactiveSignals()).isEqualTo(1);
    assertThat(bounded.run(due.plusSeconds(180)).tasks()).isZero();
    assertThat(bus.published(Signal.class))
        .extracting(Signal::userId)
        .containsExactlyInAnyOrder("u0", "u1", "u2", "u3", "u4");
  }

  @Test
  void shardsSweptInParallelRaiseEachDueCheckOnce() {
    for (int u = 0; u < 60; u++) {
      analyzer.apply(batch("b" + u, event(EventTypes.FEATURE_USED).user("u" + u).at(T).build()));
    }
    Sweeper parallel =
        new Sweeper(
            profiles,
            warehouse,
            bus,
            rules,
            new InterventionCatalog(),
            new Sweeper.Limits(1_000, 4, true));

    Sweeper.SweepReport report = parallel.run(T.plus(Duration.ofDays(7)));

    assertThat(report.inactiveSignals()).isEqualTo(60);
    assertThat(bus.published(Signal.class)).extracting(Signal::signalId).doesNotHaveDuplicates();
    assertThat(profiles.scheduled()).isEmpty();
  }
}
