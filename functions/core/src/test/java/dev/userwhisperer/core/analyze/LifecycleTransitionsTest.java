package dev.userwhisperer.core.analyze;

import static dev.userwhisperer.core.testing.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.profile.Insights.Contribution;
import dev.userwhisperer.core.profile.LifecycleStage;
import dev.userwhisperer.core.profile.Profile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTransitionsTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private final LifecycleRules rules = new LifecycleRules(LifecycleThresholds.DEFAULTS);
  private final ProfileUpdater updater = new ProfileUpdater(rules);

  private Profile profile = Profile.empty("app1", "u1");

  private Profile on(int day, String... types) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < types.length; i++) {
      events.add(
          event(types[i])
              .at(T.plus(Duration.ofDays(day)).plusSeconds(60L * i))
              .prop("feature", "f" + i)
              .build());
    }
    profile = updater.apply(profile, events).profile();
    return profile;
  }

  private LifecycleStage stageOnDay(int day) {
    return rules.stageAt(profile, T.plus(Duration.ofDays(day)).plus(Duration.ofHours(1)));
  }

  @Test
  void aUserGoesFromNewThroughEngagedToAtRiskAndComesBackReactivated() {
    assertThat(on(0, EventTypes.USER_SIGNUP).lifecycle()).isEqualTo(LifecycleStage.NEW);
    assertThat(stageOnDay(2)).isEqualTo(LifecycleStage.ONBOARDING);
    assertThat(on(2, EventTypes.FEATURE_USED).lifecycle()).isEqualTo(LifecycleStage.ACTIVATED);
    assertThat(on(3, EventTypes.FEATURE_USED).lifecycle()).isEqualTo(LifecycleStage.ENGAGED);
    assertThat(profile.insights().lifecycleReasons())
        .extracting(Contribution::feature, Contribution::value)
        .containsExactly(tuple("active_days_7d", 3.0));
    assertThat(stageOnDay(9)).isEqualTo(LifecycleStage.ACTIVATED);
    assertThat(stageOnDay(10)).isEqualTo(LifecycleStage.AT_RISK);
    assertThat(stageOnDay(17)).isEqualTo(LifecycleStage.DORMANT);

    Profile back = on(20, EventTypes.PAGE_VIEWED);
    assertThat(back.lifecycle()).isEqualTo(LifecycleStage.REACTIVATED);
    assertThat(back.features().idleDaysBeforeReturn()).isEqualTo(17);
    assertThat(back.insights().lifecycleReasons())
        .extracting(Contribution::feature)
        .containsExactly("idle_days_before_return", "days_since_return");
    assertThat(stageOnDay(26)).isEqualTo(LifecycleStage.REACTIVATED);
    assertThat(stageOnDay(27)).isEqualTo(LifecycleStage.AT_RISK);
    for (int day = 21; day <= 33; day++) {
      assertThat(on(day, EventTypes.PAGE_VIEWED).lifecycle()).isEqualTo(LifecycleStage.REACTIVATED);
    }
    assertThat(on(34, EventTypes.PAGE_VIEWED).lifecycle()).isEqualTo(LifecycleStage.ENGAGED);
  }

  @Test
  void aShortBreakIsNoReactivation() {
    on(0, EventTypes.USER_SIGNUP, EventTypes.FEATURE_USED);
    assertThat(on(6, EventTypes.FEATURE_USED).lifecycle()).isEqualTo(LifecycleStage.ACTIVATED);
    assertThat(profile.features().returnedAt()).isNull();
  }

  @Test
  void aChurnedUserWhoReturnsIsReactivated() {
    on(0, EventTypes.USER_SIGNUP, EventTypes.FEATURE_USED);
    assertThat(stageOnDay(40)).isEqualTo(LifecycleStage.CHURNED);
    assertThat(on(40, EventTypes.USER_LOGIN).lifecycle()).isEqualTo(LifecycleStage.REACTIVATED);
  }

  @Test
  void aSteadyUserWhoseActivityCollapsesIsAtRiskByDriftBeforeAnyInactivityRule() {
    for (int day = 0; day < 30; day++) {
      on(
          day,
          EventTypes.FEATURE_USED,
          EventTypes.FEATURE_USED,
          EventTypes.PAGE_VIEWED,
          EventTypes.PAGE_VIEWED);
    }
    assertThat(profile.lifecycle()).isEqualTo(LifecycleStage.POWER);
    for (int day = 30; day < 37; day += 3) {
      on(day, EventTypes.PAGE_VIEWED);
    }
    LifecycleRules.Explained explained =
        rules.explain(profile, T.plus(Duration.ofDays(37)).plus(Duration.ofHours(1)));
    assertThat(explained.stage()).isEqualTo(LifecycleStage.AT_RISK);
    assertThat(explained.reasons())
        .extracting(Contribution::feature)
        .containsExactly("drift", "baseline_rate");
    assertThat(explained.reasons().get(0).value()).isGreaterThanOrEqualTo(0.7);
  }

  @Test
  void theEngagementScoreFollowsTheDocumentedWeightsAndNamesItsTopFeatures() {
    for (int day = 0; day < 7; day++) {
      List<Event> events = new ArrayList<>();
      Instant at = T.plus(Duration.ofDays(day));
      events.add(event(EventTypes.SESSION_STARTED).at(at).build());
      events.add(
          event(EventTypes.FEATURE_USED)
              .at(at.plusSeconds(60))
              .prop("feature", "f" + (day % 5))
              .build());
      profile = updater.apply(profile, events).profile();
    }

    // 30 (7 of 7 days) + 20 (active now) + 15 (7 sessions) + 15 (5 features) + 5 (nothing sent) +
    // 10 (no drift)
    assertThat(profile.insights().engagement()).isEqualTo(95);
    assertThat(profile.insights().engagementTop())
        .extracting(Contribution::feature, Contribution::value, Contribution::contribution)
        .containsExactly(
            tuple("active_days_7d", 7.0, 30.0),
            tuple("days_since_active", 0.0, 20.0),
            tuple("sessions_7d", 7.0, 15.0));

    Profile later = rules.evaluate(profile, T.plus(Duration.ofDays(13)));
    // 6 days later: no active day or session in the window, 20 × (1 − 7/14) for recency
    assertThat(later.insights().engagement()).isEqualTo(0 + 10 + 0 + 15 + 5 + 10);
    assertThat(later.lifecycle()).isEqualTo(LifecycleStage.ACTIVATED);
    assertThat(Json.encodeToString(later)).contains("\"engagementTop\"", "\"lifecycleReasons\"");
  }
}
