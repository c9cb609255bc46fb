package dev.userwhisperer.core.analyze;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.profile.Billing;
import dev.userwhisperer.core.profile.Billing.BillingStatus;
import dev.userwhisperer.core.profile.Features;
import dev.userwhisperer.core.profile.Features.MessageStats;
import dev.userwhisperer.core.profile.Profile;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A profile's features as named numbers as of an instant, in a fixed order: what a model or a
 * report reads. Windows end with the day of the instant in the user's time zone; a time not known
 * (days since an activity that never happened, a share of an unknown catalogue) is -1.
 */
public final class FeatureVector {
  private static final int[] WINDOWS = {1, 7, 28};
  private static final double DAY_SECONDS = 86_400;

  private FeatureVector() {}

  public static Map<String, Double> of(
      Profile profile, Instant at, LifecycleThresholds thresholds) {
    Features f = profile.features();
    ZoneId zone = Features.zone(profile.timezone());
    LocalDate today = at.atZone(zone).toLocalDate();
    Map<String, Double> v = new LinkedHashMap<>();
    for (int days : WINDOWS) {
      v.put("events_" + days + "d", (double) f.events(days, today));
      v.put("active_days_" + days + "d", (double) f.activeDays(days, today));
      v.put("sessions_" + days + "d", (double) f.sessionsIn(days, today));
      v.put("revenue_" + days + "d", f.revenueCents(days, today) / 100.0);
    }
    v.put("days_since_active", daysSince(profile.activity().lastActiveAt(), at));
    v.put("days_since_first_seen", daysSince(profile.activity().firstSeen(), at));
    v.put("sessions", (double) profile.activity().sessionCount());
    v.put("session_mean_minutes", f.meanSession().toSeconds() / 60.0);
    v.put("features_distinct", (double) f.featuresUsed().size());
    v.put("features_share", catalogShare(profile));
    v.put("errors", (double) f.errors().count());
    v.put("days_since_error", daysSince(f.errors().lastAt(), at));
    v.put("support_tickets", (double) f.supportTickets().count());
    v.put("days_since_support_ticket", daysSince(f.supportTickets().lastAt(), at));
    Billing billing = profile.billing();
    boolean trialing = billing.status() == BillingStatus.TRIALING && billing.trialEndsAt() != null;
    v.put("trial_days_left", trialing ? Math.max(0, -daysSince(billing.trialEndsAt(), at)) : -1);
    v.put("failed_payments", (double) billing.failedPayments());
    for (Channel c : Channel.values()) {
      MessageStats m = f.messages().getOrDefault(c, MessageStats.NONE);
      String p = c.wireName() + "_";
      v.put(p + "sent", (double) m.sent());
      v.put(p + "opened", (double) m.opened());
      v.put(p + "clicked", (double) m.clicked());
      v.put(p + "unsubscribed", (double) m.unsubscribed());
    }
    double baseline = f.baselineRate(today.minusDays(Features.DRIFT_WINDOW_DAYS + 1L));
    v.put("baseline_rate", Double.isNaN(baseline) ? 0 : baseline);
    v.put(
        "drift",
        f.driftAt(at, zone, thresholds.driftMinBaselineDays(), thresholds.driftMinBaselineRate()));
    return Collections.unmodifiableMap(v);
  }

  /**
   * Distinct features over the app's catalogue (trait {@value EngagementScore#CATALOG_TRAIT}), -1
   * when unknown.
   */
  static double catalogShare(Profile profile) {
    Object catalog = profile.traits().get(EngagementScore.CATALOG_TRAIT);
    return catalog instanceof Number n && n.doubleValue() >= 1
        ? Math.min(1, profile.features().featuresUsed().size() / n.doubleValue())
        : -1;
  }

  private static double daysSince(Instant then, Instant at) {
    return then == null ? -1 : Duration.between(then, at).toSeconds() / DAY_SECONDS;
  }
}
