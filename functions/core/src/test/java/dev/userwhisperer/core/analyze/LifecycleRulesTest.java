package dev.userwhisperer.core.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.profile.Billing.BillingStatus;
import dev.userwhisperer.core.profile.LifecycleStage;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.testing.Profiles;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LifecycleRulesTest {
  private static final Instant T0 = Profiles.T0;
  private final LifecycleRules rules = new LifecycleRules(LifecycleThresholds.DEFAULTS);

  static Stream<Arguments> table() {
    return Stream.of(
        row(
            "signed up an hour ago, nothing done",
            Profiles.user("u"),
            hours(1),
            LifecycleStage.NEW),
        row("two days in, nothing done", Profiles.user("u"), hours(48), LifecycleStage.ONBOARDING),
        row(
            "onboarding step done",
            Profiles.user("u").count(EventTypes.ONBOARDING_STEP_COMPLETED, 1),
            hours(1),
            LifecycleStage.ONBOARDING),
        row(
            "a feature used",
            Profiles.user("u").count(EventTypes.FEATURE_USED, 1),
            hours(1),
            LifecycleStage.ACTIVATED),
        row(
            "onboarding completed",
            Profiles.user("u").count(EventTypes.ONBOARDING_COMPLETED, 1),
            hours(1),
            LifecycleStage.ACTIVATED),
        row(
            "10 sessions and 10 feature uses",
            Profiles.user("u").sessions(10).count(EventTypes.FEATURE_USED, 10),
            hours(1),
            LifecycleStage.POWER),
        row(
            "10 feature uses in 9 sessions",
            Profiles.user("u").sessions(9).count(EventTypes.FEATURE_USED, 10),
            hours(1),
            LifecycleStage.ACTIVATED),
        row(
            "a power user 6 days inactive",
            Profiles.user("u").sessions(20).count(EventTypes.FEATURE_USED, 20),
            days(6),
            LifecycleStage.POWER),
        row(
            "7 days inactive",
            Profiles.user("u").count(EventTypes.FEATURE_USED, 3),
            days(7),
            LifecycleStage.AT_RISK),
        row("13 days inactive", Profiles.user("u"), days(13), LifecycleStage.AT_RISK),
        row("14 days inactive", Profiles.user("u"), days(14), LifecycleStage.DORMANT),
        row("30 days inactive", Profiles.user("u"), days(30), LifecycleStage.CHURNED),
        row(
            "cancelled but active today",
            Profiles.user("u").count(EventTypes.FEATURE_USED, 5).billing(BillingStatus.CANCELLED),
            hours(1),
            LifecycleStage.CHURNED),
        row(
            "never active: counted from first seen",
            Profiles.user("u").lastActiveAt(null),
            days(8),
            LifecycleStage.AT_RISK));
  }

  @ParameterizedTest(name = "{0} → {3}")
  @MethodSource("table")
  void stageFollowsTheDocumentedRules(
      String title, Profile profile, Duration since, LifecycleStage expected) {
    assertThat(rules.stageAt(profile, T0.plus(since))).isEqualTo(expected);
  }

  @Test
  void aUserNeverSeenIsNew() {
    assertThat(rules.stageAt(Profile.empty("app", "u"), T0.plus(days(40))))
        .isEqualTo(LifecycleStage.NEW);
  }

  private static Arguments row(
      String title, Profiles profile, Duration since, LifecycleStage expected) {
    return Arguments.of(title, profile.build(), since, expected);
  }

  private static Duration hours(long h) {
    return Duration.ofHours(h);
  }

  private static Duration days(long d) {
    return Duration.ofDays(d);
  }
}
