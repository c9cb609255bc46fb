package dev.userwhisperer.core.schedule;

import static dev.userwhisperer.core.testing.TestEvents.batch;
import static dev.userwhisperer.core.testing.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.analyze.AnalyzePolicy;
import dev.userwhisperer.core.analyze.Analyzer;
import dev.userwhisperer.core.analyze.GrowthSignals;
import dev.userwhisperer.core.analyze.LifecycleRules;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.decide.InterventionCatalog;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.ScheduledTask;
import dev.userwhisperer.core.message.ScheduledTask.TaskKind;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.profile.LifecycleStage;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.testing.InMemoryArmStatistics;
import dev.userwhisperer.core.testing.InMemoryEventBus;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** ONBOARDING_STALLED and FEATURE_DISCOVERY, checked by the sweep after a signup. */
class GrowthChecksTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private final MutableClock clock = new MutableClock(T);
  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final InMemoryEventBus bus = new InMemoryEventBus();
  private final LifecycleRules rules = new LifecycleRules(LifecycleThresholds.DEFAULTS);
  private final InMemoryWarehouse warehouse = new InMemoryWarehouse();
  private final Analyzer analyzer =
      new Analyzer(
          profiles, warehouse, new InMemoryArmStatistics(), rules, AnalyzePolicy.DEFAULTS, clock);
  private final Sweeper sweeper =
      new Sweeper(profiles, warehouse, bus, rules, new InterventionCatalog());

  private void apply(String batchId, Event... events) {
    analyzer.apply(batch(batchId, events));
  }

  private Instant sweepAt(Duration afterSignup) {
    Instant now = T.plus(afterSignup);
    clock.set(now);
    sweeper.run(now);
    return now;
  }

  private static Event feature(String name, Instant at) {
    return event(EventTypes.FEATURE_USED).prop("feature", name).at(at).build();
  }

  @Test
  void aUserWhoHasNotActivatedTwoDaysAfterSigningUpHasStalledOnce() {
    apply("b1", event(EventTypes.USER_SIGNUP).at(T).build());
    apply("b2", event(EventTypes.ONBOARDING_STEP_COMPLETED).at(T.plusSeconds(60)).build());

    sweepAt(GrowthSignals.ONBOARDING_WINDOW.minusSeconds(1));
    assertThat(bus.published(Signal.class)).isEmpty();
    Instant now = sweepAt(GrowthSignals.ONBOARDING_WINDOW);
    sweepAt(GrowthSignals.ONBOARDING_WINDOW.plusHours(1));

    assertThat(bus.published(Signal.class))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.type()).isEqualTo(SignalType.ONBOARDING_STALLED);
              assertThat(s.at()).isEqualTo(now);
              assertThat(s.attributes())
                  .containsEntry("signedUpAt", T.toString())
                  .containsEntry("onboardingSteps", "1");
            });
  }

  @Test
  void aRepeatedOnboardingCheckPublishesTheSameSignalId() {
    apply("b1", event(EventTypes.USER_SIGNUP).at(T).build());
    ScheduledTask check =
        profiles.scheduled().stream()
            .filter(t -> t.kind() == TaskKind.ONBOARDING_CHECK)
            .findFirst()
            .orElseThrow();

    sweepAt(GrowthSignals.ONBOARDING_WINDOW);
    profiles.schedule(check);
    sweepAt(GrowthSignals.ONBOARDING_WINDOW.plusMinutes(1));

    assertThat(bus.published(Signal.class))
        .hasSize(2)
        .extracting(Signal::signalId)
        .containsOnly(bus.published(Signal.class).get(0).signalId());
  }

  @Test
  void aUserWhoUsedAFeatureHasNotStalled() {
    apply("b1", event(EventTypes.USER_SIGNUP).at(T).build());
    apply("b2", feature("export", T.plusSeconds(60)));

    sweepAt(GrowthSignals.ONBOARDING_WINDOW);

    assertThat(bus.published(Signal.class)).isEmpty();
  }

  @Test
  void anActiveUserThreeDaysAfterSignupGetsFeatureDiscovery() {
    apply("b1", event(EventTypes.USER_SIGNUP).at(T).build(), feature("export", T.plusSeconds(1)));
    clock.set(T.plus(Duration.ofDays(2)));
    apply("b2", feature("export", T.plus(Duration.ofDays(2))));

    sweepAt(GrowthSignals.DISCOVERY_AFTER.minusSeconds(1));
    assertThat(bus.published(Signal.class)).isEmpty();
    sweepAt(GrowthSignals.DISCOVERY_AFTER);

    assertThat(bus.published(Signal.class))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.type()).isEqualTo(SignalType.FEATURE_DISCOVERY);
              assertThat(s.attributes()).containsEntry("featuresUsed", "1");
            });
  }

  @Test
  void aUserWhoUsesMuchOfTheAppsCatalogueGetsNoTip() {
    apply(
        "b1",
        event(EventTypes.USER_SIGNUP).at(T).trait("featureCatalogSize", 4).build(),
        feature("export", T.plusSeconds(1)),
        feature("share", T.plusSeconds(2)));
    clock.set(T.plus(Duration.ofDays(2)));
    apply("b2", feature("export", T.plus(Duration.ofDays(2))));

    sweepAt(GrowthSignals.DISCOVERY_AFTER);

    assertThat(bus.published(Signal.class)).isEmpty();
  }

  @Test
  void aUserWhoCancelledGetsNoTip() {
    apply("b1", event(EventTypes.USER_SIGNUP).at(T).build(), feature("export", T.plusSeconds(1)));
    apply("b2", event(EventTypes.SUBSCRIPTION_CANCELLED).at(T.plus(Duration.ofDays(1))).build());

    sweepAt(GrowthSignals.DISCOVERY_AFTER);

    assertThat(bus.published(Signal.class)).isEmpty();
  }

  @Test
  void aUserWhoIsSlippingAwayGetsNoTipTheWinbackIsTheirs() {
    apply("b1", event(EventTypes.USER_SIGNUP).at(T).build(), feature("export", T.plusSeconds(1)));
    Profile profile = profiles.find("app1", "u1").orElseThrow();

    assertThat(GrowthSignals.needsFeatureDiscovery(profile, LifecycleStage.ACTIVATED)).isTrue();
    assertThat(GrowthSignals.needsFeatureDiscovery(profile, LifecycleStage.AT_RISK)).isFalse();
    assertThat(GrowthSignals.needsFeatureDiscovery(profile, LifecycleStage.DORMANT)).isFalse();
  }

  @Test
  void aBackfilledSignupSetsNoChecks() {
    clock.set(T.plus(Duration.ofDays(30)));
    apply("b1", event(EventTypes.USER_SIGNUP).at(T).build());

    assertThat(profiles.scheduled())
        .extracting(ScheduledTask::kind)
        .doesNotContain(TaskKind.ONBOARDING_CHECK, TaskKind.FEATURE_DISCOVERY_CHECK);
  }
}
