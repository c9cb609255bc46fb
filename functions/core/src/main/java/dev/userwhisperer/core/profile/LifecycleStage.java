package dev.userwhisperer.core.profile;

/** Where a user stands in their life with the app; derived by {@code LifecycleRules}. */
public enum LifecycleStage {
  NEW,
  ONBOARDING,
  ACTIVATED,
  ENGAGED,
  POWER,
  AT_RISK,
  DORMANT,
  CHURNED,
  REACTIVATED
}
