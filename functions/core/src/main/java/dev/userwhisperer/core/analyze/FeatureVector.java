package dev.userwhisperer.core.analyze;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.profile.Billing;
import dev.userwhisperer.core.profile.Billing.BillingStatus;
import dev.userwhisperer.core.profile.Features;
import dev.userwhisperer.core.profile.Features.MessageStats;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Responsiveness.MessageEffect;
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
 * (days since an activity that never happened, a share of an unknown catalogue) is -1. The user's
 * own response history is among them ({@link MessageEffect}): how many of their messages have
 * settled with an expectation ({@code own_messages}) and how their activity moved after them
 * against what their own activity before predicted ({@code own_message_lift}, the mean reading);
 * how many they answered ({@code own_answered}), how often an answer brought them back within the
 * hour against their own chance of a session in an hour ({@code own_returns}, 0 before any answer),
 * how many they converted after ({@code own_conversions}), and how often they unsubscribed or
 * complained on any channel ({@code own_unsubscribes}). decide writes this vector with every
 * randomized decision, so the uplift models train on what decide scored.
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
    MessageEffect own = profile.responsiveness().effect();
    v.put("own_messages", (double) own.messages());
    v.put("own_message_lift", own.mean());
    v.put("own_answered", (double) own.answered());
    v.put(
        "own_returns",
        own.answered() == 0 ? 0 : own.returnShare() - hourlySessionChance(profile, f, today, at));
    v.put("own_conversions", (double) own.conversions());
    v.put("own_unsubscribes", (double) unsubscribes(f));
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

  /**
   * The chance that the user starts a session in a given hour anyway, from their own sessions of
   * the last 28 days (or the days since they were first seen, when fewer): 1 − e^(−sessions an
   * hour). What a return within the hour after an open is judged against.
   */
  static double hourlySessionChance(Profile profile, Features f, LocalDate today, Instant at) {
    double days =
        Math.min(28, Math.max(1, Math.ceil(daysSince(profile.activity().firstSeen(), at))));
    return 1 - Math.exp(-f.sessionsIn(28, today) / (days * 24));
  }

  /** Unsubscribes and complaints over every channel. */
  private static long unsubscribes(Features f) {
    return f.messages().values().stream().mapToLong(MessageStats::unsubscribed).sum();
  }

  private static double daysSince(Instant then, Instant at) {
    return then == null ? -1 : Duration.between(then, at).toSeconds() / DAY_SECONDS;
  }
}
