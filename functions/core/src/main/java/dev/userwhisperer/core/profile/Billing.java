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

  /**
   * How long before the trial's end a user who has not answered the reminder gets a last call (the
   * TRIAL_LAST_CALL signal): the send-time choice then still lands before the end.
   */
  public static final Duration TRIAL_LAST_CALL_LEAD = Duration.ofDays(1);

  public Billing {
    status = status == null ? BillingStatus.NONE : status;
  }

  /** When the trial-ending reminder is due, while the user is trialing with a known end. */
  public Optional<Instant> trialReminderAt() {
    return status == BillingStatus.TRIALING && trialEndsAt != null
        ? Optional.of(trialEndsAt.minus(TRIAL_REMINDER_LEAD))
        : Optional.empty();
  }

  /** When the last call before the trial's end is due, while the user is trialing. */
  public Optional<Instant> trialLastCallAt() {
    return trialReminderAt().map(reminder -> trialEndsAt.minus(TRIAL_LAST_CALL_LEAD));
  }

  public enum BillingStatus {
    NONE,
    TRIALING,
    ACTIVE,
    PAST_DUE,
    CANCELLED
  }
}
