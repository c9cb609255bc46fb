package dev.userwhisperer.core.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.decide.InterventionCatalog.Found;
import dev.userwhisperer.core.decide.InterventionCatalog.NotApplicable;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.profile.Billing.BillingStatus;
import dev.userwhisperer.core.testing.Profiles;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InterventionCatalogTest {
  private final InterventionCatalog catalog = new InterventionCatalog();

  private static Signal signal(SignalType type) {
    return new Signal(
        Signal.VERSION, "s1", "app1", "u1", type, Instant.parse("2026-01-05T12:00:00Z"), Map.of());
  }

  private InterventionCatalog.Match match(SignalType type, BillingStatus billing) {
    return catalog.match(signal(type), Profiles.user("u1").billing(billing).build());
  }

  @Test
  void theGrowthSignalsHaveTheirOwnInterventionsAndTheRiskSignalsAFeatureTipBesides() {
    assertThat(match(SignalType.ONBOARDING_STALLED, BillingStatus.NONE))
        .isEqualTo(new Found(InterventionCatalog.ONBOARDING_NUDGE));
    assertThat(match(SignalType.FEATURE_DISCOVERY, BillingStatus.TRIALING))
        .isEqualTo(new Found(InterventionCatalog.FEATURE_TIP));
    assertThat(match(SignalType.READY_TO_UPGRADE, BillingStatus.NONE))
        .isEqualTo(new Found(InterventionCatalog.UPGRADE_OFFER));
    assertThat(match(SignalType.INACTIVE, BillingStatus.ACTIVE))
        .isEqualTo(
            new Found(List.of(InterventionCatalog.WINBACK, InterventionCatalog.FEATURE_TIP)));
    assertThat(match(SignalType.CHURN_RISK, BillingStatus.NONE))
        .isEqualTo(
            new Found(List.of(InterventionCatalog.CHURN_SAVE, InterventionCatalog.FEATURE_TIP)));
  }

  @Test
  void aTrialUserIsNotOfferedAnUpgradeTheTrialsEndIsWhereTheAskIs() {
    assertThat(match(SignalType.READY_TO_UPGRADE, BillingStatus.TRIALING))
        .isEqualTo(new NotApplicable(DecisionReason.TRIAL_IN_PROGRESS));
  }

  @Test
  void aTrialReminderIsForTrialUsersOnlyAndSaysWhyNot() {
    assertThat(match(SignalType.TRIAL_LAST_CALL, BillingStatus.ACTIVE))
        .isEqualTo(new NotApplicable(DecisionReason.ALREADY_CONVERTED));
    assertThat(match(SignalType.TRIAL_ENDING, BillingStatus.CANCELLED))
        .as("a trial cancelled before its end has nothing to remind of")
        .isEqualTo(new NotApplicable(DecisionReason.NO_INTERVENTION));
  }

  @ParameterizedTest
  @EnumSource(
      value = BillingStatus.class,
      names = {"ACTIVE", "PAST_DUE"})
  void featureDiscoveryIsForUsersWhoHaveNotPaidYet(BillingStatus paying) {
    assertThat(match(SignalType.FEATURE_DISCOVERY, paying))
        .isEqualTo(new NotApplicable(DecisionReason.NO_INTERVENTION));
    assertThat(match(SignalType.FEATURE_DISCOVERY, BillingStatus.NONE))
        .isEqualTo(new Found(InterventionCatalog.FEATURE_TIP));
  }

  @Test
  void aPayingUserIsNotOfferedAnUpgrade() {
    assertThat(match(SignalType.READY_TO_UPGRADE, BillingStatus.ACTIVE))
        .isEqualTo(new NotApplicable(DecisionReason.ALREADY_CONVERTED));
  }

  @ParameterizedTest
  @EnumSource(
      value = SignalType.class,
      names = {"INACTIVE", "CHURN_RISK", "ONBOARDING_STALLED", "FEATURE_DISCOVERY"})
  void aCancelledUserGetsNoEngagementNudge(SignalType type) {
    assertThat(match(type, BillingStatus.CANCELLED))
        .isEqualTo(new NotApplicable(DecisionReason.NO_INTERVENTION));
  }

  @ParameterizedTest
  @EnumSource(value = SignalType.class, mode = EnumSource.Mode.EXCLUDE, names = "RELEASE_DUE")
  void everySignalTypeButAReleaseIsAnsweredFromTheCatalog(SignalType type) {
    assertThat(match(type, BillingStatus.TRIALING))
        .satisfies(
            m -> {
              if (m instanceof Found found) {
                assertThat(InterventionCatalog.ALL).containsAll(found.candidates());
              }
            });
  }

  @Test
  void aReleaseIsNotTheCatalogsToAnswer() {
    assertThatThrownBy(() -> match(SignalType.RELEASE_DUE, BillingStatus.TRIALING))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
