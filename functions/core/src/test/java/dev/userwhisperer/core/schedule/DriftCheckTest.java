package dev.userwhisperer.core.schedule;

import static dev.userwhisperer.core.testing.TestEvents.batch;
import static dev.userwhisperer.core.testing.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.analyze.AnalyzePolicy;
import dev.userwhisperer.core.analyze.Analyzer;
import dev.userwhisperer.core.analyze.LifecycleRules;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.decide.InterventionCatalog;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.ScheduledTask;
import dev.userwhisperer.core.message.ScheduledTask.TaskKind;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.profile.LifecycleStage;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.testing.InMemoryArmStatistics;
import dev.userwhisperer.core.testing.InMemoryEventBus;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The daily DRIFT_CHECK turns a user whose activity fell below their own baseline AT_RISK. */
class DriftCheckTest {
  /** Midnight in Madrid (UTC+1 in January): the user's days start here. */
  private static final Instant DAY0 = Instant.parse("2026-01-04T23:00:00Z");

  private static final int ACTIVE_DAYS = 28;

  private final MutableClock clock = new MutableClock(DAY0);
  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final InMemoryWarehouse warehouse = new InMemoryWarehouse();
  private final LifecycleRules rules = new LifecycleRules(LifecycleThresholds.DEFAULTS);
  private final Analyzer analyzer =
      new Analyzer(
          profiles, warehouse, new InMemoryArmStatistics(), rules, AnalyzePolicy.DEFAULTS, clock);
  private final Sweeper sweeper =
      new Sweeper(profiles, warehouse, new InMemoryEventBus(), rules, new InterventionCatalog());

  /** Five features used at 10:00 local time on each of the first {@link #ACTIVE_DAYS} days. */
  private Instant activeEveryDay() {
    Instant last = null;
    for (int d = 0; d < ACTIVE_DAYS; d++) {
      Instant at = DAY0.plus(Duration.ofDays(d)).plus(Duration.ofHours(10));
      clock.set(at.plusSeconds(60));
      List<Event> views = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        views.add(
            event(EventTypes.FEATURE_USED)
                .at(at.plusSeconds(i))
                .prop("feature", "f" + i)
                .context("timezone", "Europe/Madrid")
                .build());
      }
      analyzer.apply(batch("b" + d, views.toArray(Event[]::new)));
      last = at.plusSeconds(4);
    }
    return last;
  }

  private Profile profile() {
    return profiles.find("app1", "u1").orElseThrow();
  }

  private List<ScheduledTask> driftTasks() {
    return profiles.scheduled().stream().filter(t -> t.kind() == TaskKind.DRIFT_CHECK).toList();
  }

  @Test
  void eachBatchMovesTheOneDriftCheckToTheStartOfTheUsersNextDay() {
    Instant last = activeEveryDay();

    assertThat(driftTasks())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.id()).isEqualTo(Ids.task(TaskKind.DRIFT_CHECK, "app1", "u1"));
              assertThat(t.dueAt()).isEqualTo(DAY0.plus(Duration.ofDays(ACTIVE_DAYS)));
              assertThat(t.attributes()).containsEntry("lastActiveAt", last.toString());
            });
  }

  @Test
  void aUserWhoStopsBecomesAtRiskWithinADayOfTheDriftCrossingBeforeTheInactivityCheck() {
    Instant last = activeEveryDay();
    assertThat(profile().lifecycle()).isEqualTo(LifecycleStage.POWER);
    Instant crossing = firstHourAtRisk(last);
    assertThat(crossing).isBefore(last.plus(LifecycleThresholds.DEFAULTS.atRiskAfter()));

    Instant atRiskSeen = null;
    for (Instant now = last; atRiskSeen == null; now = now.plus(Duration.ofHours(1))) {
      clock.set(now);
      sweeper.run(now);
      Instant swept = now;
      assertThat(profiles.scheduled())
          .as("every task left is due later")
          .allSatisfy(t -> assertThat(t.dueAt()).isAfter(swept));
      if (profile().lifecycle() == LifecycleStage.AT_RISK) {
        atRiskSeen = now;
      }
    }

    assertThat(Duration.between(crossing, atRiskSeen)).isLessThanOrEqualTo(Duration.ofDays(1));
    assertThat(profile().insights().lifecycleReasons())
        .extracting(c -> c.feature())
        .contains("drift");
    assertThat(warehouse.rows(Table.PROFILE_SNAPSHOTS))
        .last()
        .satisfies(r -> assertThat(r).containsEntry("lifecycle", "AT_RISK"));
  }

  @Test
  void theCheckRepeatsDailyUntilTheInactivityCheckTakesOver() {
    Instant last = activeEveryDay();
    Instant inactivityDue = last.plus(LifecycleThresholds.DEFAULTS.atRiskAfter());

    int checks = 0;
    for (Instant now = last; !now.isAfter(inactivityDue); now = now.plus(Duration.ofHours(6))) {
      checks += sweeper.run(now).driftChecks();
    }

    assertThat(checks).isEqualTo(7);
    assertThat(driftTasks()).isEmpty();
    assertThat(profile().lifecycle()).isEqualTo(LifecycleStage.AT_RISK);
  }

  @Test
  void aNewUserGetsNoDriftCheckBeforeTheirBaselineCanCount() {
    clock.set(DAY0.plus(Duration.ofHours(11)));
    analyzer.apply(
        batch("b1", event(EventTypes.PAGE_VIEWED).at(DAY0.plus(Duration.ofHours(10))).build()));

    assertThat(driftTasks()).isEmpty();
    assertThat(profiles.scheduled())
        .extracting(ScheduledTask::kind)
        .contains(TaskKind.INACTIVITY_CHECK);
  }

  /** The first whole hour after {@code last} at which the rules say AT_RISK, by drift. */
  private Instant firstHourAtRisk(Instant last) {
    Profile p = profile();
    Instant at = last;
    while (rules.stageAt(p, at) != LifecycleStage.AT_RISK) {
      at = at.plus(Duration.ofHours(1));
    }
    return at;
  }
}
