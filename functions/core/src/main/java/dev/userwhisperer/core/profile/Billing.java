package dev.userwhisperer.core.profile;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Trial and subscription state, from billing events. */
public record Billing(
    BillingStatus status,
    String plan,
    Instant trialStartedAt,
    Instant trialEndsAt,
    int failedPayments) {

  public static final Billing NONE = new Billing(BillingStatus.NONE, null, null, null, 0);

  /** How long before the trial's end the user is reminded (the TRIAL_ENDING signal). */
  public static final Duration TRIAL_REMINDER_LEAD = Duration.ofDays(3);

  public Billing {
    status = status == null ? BillingStatus.NONE : status;
  }

  /** When the trial-ending reminder is due, while the user is trialing with a known end. */
  public Optional<Instant> trialReminderAt() {
    return status == BillingStatus.TRIALING && trialEndsAt != null
        ? Optional.of(trialEndsAt.minus(TRIAL_REMINDER_LEAD))
        : Optional.empty();
  }

  public enum BillingStatus {
    NONE,
    TRIALING,
    ACTIVE,
    PAST_DUE,
    CANCELLED
  }
}
