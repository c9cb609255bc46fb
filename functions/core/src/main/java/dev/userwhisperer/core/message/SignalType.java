package dev.userwhisperer.core.message;

public enum SignalType {
  /** A user signed up. */
  SIGNED_UP,
  /** A payment failed. */
  PAYMENT_FAILED,
  /** The trial ends within the reminder lead time (from the sweep). */
  TRIAL_ENDING,
  /**
   * The trial ends within a day (from the sweep): a last call, which decide sends only to a user
   * who has not answered the TRIAL_ENDING reminder; part of that reminder's treatment, not a
   * decision the uplift model counts on its own.
   */
  TRIAL_LAST_CALL,
  /** No activity for the inactivity threshold (from the sweep). */
  INACTIVE,
  /** The churn model's probability crossed the risk threshold upward (from analyze). */
  CHURN_RISK,
  /**
   * Not activated {@code GrowthSignals.ONBOARDING_WINDOW} (48 h) after signing up (from the sweep);
   * once per signup.
   */
  ONBOARDING_STALLED,
  /**
   * An activated, still active user has not found most of the app's features {@code
   * GrowthSignals.DISCOVERY_AFTER} (3 days) after signing up (from the sweep); once per signup.
   */
  FEATURE_DISCOVERY,
  /**
   * A user on no paid plan became a power user or highly engaged (from analyze); once per trial,
   * and once before any trial.
   */
  READY_TO_UPGRADE,
  /**
   * A deferred decision's send time has come (from the sweep, attribute {@code decisionId}): decide
   * releases it, or withdraws it if the user can no longer get it. Answered by no intervention of
   * its own.
   */
  RELEASE_DUE
}
