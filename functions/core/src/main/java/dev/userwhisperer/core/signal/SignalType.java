package dev.userwhisperer.core.signal;

public enum SignalType {
  /** A user signed up. */
  SIGNED_UP,
  /** A payment failed. */
  PAYMENT_FAILED,
  /** The trial ends within the reminder lead time (from the sweep). */
  TRIAL_ENDING,
  /** No activity for the inactivity threshold (from the sweep). */
  INACTIVE,
  /** The churn model's probability crossed the risk threshold upward (from analyze). */
  CHURN_RISK
}
