package dev.userwhisperer.core.profile;

import java.time.Instant;

/** Trial and subscription state, from billing events. */
public record Billing(
    BillingStatus status,
    String plan,
    Instant trialStartedAt,
    Instant trialEndsAt,
    int failedPayments) {

  public static final Billing NONE = new Billing(BillingStatus.NONE, null, null, null, 0);

  public Billing {
    status = status == null ? BillingStatus.NONE : status;
  }

  public enum BillingStatus {
    NONE,
    TRIALING,
    ACTIVE,
    PAST_DUE,
    CANCELLED
  }
}
