package dev.userwhisperer.core.analyze;

import dev.userwhisperer.core.event.Event;
import dev.userwhisperer.core.event.EventTypes;
import dev.userwhisperer.core.profile.Activity;
import dev.userwhisperer.core.profile.Billing;
import dev.userwhisperer.core.profile.Billing.BillingStatus;
import dev.userwhisperer.core.profile.Channel;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Reachability;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Folds events into a profile. Pure: the same profile and events always give the same result, which
 * is what lets {@code ProfileStore.update} retry it.
 *
 * <ul>
 *   <li>Events whose messageId the profile has already applied (or that repeat within the batch) are
 *       skipped; the applied ids are remembered, bounded to {@link Profile#RECENT_MESSAGE_IDS}.
 *   <li>Events are applied in timestamp order (ties keep batch order).
 *   <li>Traits come from {@code identify} and from the traits of any event; {@code push_token} is
 *       kept as {@code pushToken}; the context's locale and timezone fill those traits when absent.
 *   <li>Consent {@code {email, sms, push}} is taken as last stated. A channel unsubscribed through a
 *       message ({@code message_unsubscribed}) is re-subscribed only by an {@code identify} whose
 *       consent for it turns to true from a previous statement that was not true, so that an app
 *       repeating a stale {@code true} cannot undo an unsubscribe.
 *   <li>A session starts on {@code session_started} or on activity after {@value #SESSION_GAP_MINUTES}
 *       minutes without activity.
 *   <li>{@code updatedAt} is the latest applied event time, and the lifecycle is derived as of then.
 * </ul>
 */
public final class ProfileUpdater {
  static final long SESSION_GAP_MINUTES = 30;
  private static final Duration SESSION_GAP = Duration.ofMinutes(SESSION_GAP_MINUTES);
  private static final int DEFAULT_TRIAL_DAYS = 14;

  private final LifecycleRules lifecycle;

  public ProfileUpdater(LifecycleRules lifecycle) {
    this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
  }

  /** The next profile and the events that were newly applied to it, in the order applied. */
  public record Result(Profile profile, List<Event> applied) {
    public Result {
      Objects.requireNonNull(profile, "profile");
      applied = List.copyOf(applied);
    }
  }

  public Result apply(Profile profile, List<Event> events) {
    Set<String> seen = new HashSet<>(profile.recentMessageIds());
    List<Event> fresh = new ArrayList<>();
    for (Event e : events) {
      if (seen.add(e.messageId())) {
        fresh.add(e);
      }
    }
    if (fresh.isEmpty()) {
      return new Result(profile, List.of());
    }
    fresh.sort(Comparator.comparing(Event::timestamp));

    State s = new State(profile);
    fresh.forEach(s::apply);

    List<String> recent = new ArrayList<>(profile.recentMessageIds());
    fresh.forEach(e -> recent.add(e.messageId()));
    List<String> bounded =
        recent.subList(Math.max(0, recent.size() - Profile.RECENT_MESSAGE_IDS), recent.size());

    Instant updatedAt = s.lastSeen;
    if (profile.updatedAt() != null && profile.updatedAt().isAfter(updatedAt)) {
      updatedAt = profile.updatedAt();
    }
    Profile next =
        new Profile(
            profile.appId(), profile.userId(), s.traits, s.reachability(), s.activity(), s.billing(),
            null, bounded, updatedAt);
    Profile withStage =
        new Profile(
            next.appId(), next.userId(), next.traits(), next.reachability(), next.activity(),
            next.billing(), lifecycle.stageAt(next, updatedAt), next.recentMessageIds(), updatedAt);
    return new Result(withStage, fresh);
  }

  /** The mutable fold, confined to one {@link #apply} call. */
  private static final class State {
    final Map<String, Object> traits;
    String email;
    String phone;
    String pushToken;
    final Map<Channel, Boolean> consent;
    final Set<Channel> unsubscribed;
    Instant firstSeen;
    Instant lastSeen;
    Instant lastActiveAt;
    long eventCount;
    long sessionCount;
    final Map<String, Long> counts;
    BillingStatus status;
    String plan;
    Instant trialStartedAt;
    Instant trialEndsAt;
    int failedPayments;

    State(Profile p) {
      traits = new LinkedHashMap<>(p.traits());
      Reachability r = p.reachability();
      email = r.email();
      phone = r.phone();
      pushToken = r.pushToken();
      consent = new EnumMap<>(Channel.class);
      consent.putAll(r.consent());
      unsubscribed = EnumSet.noneOf(Channel.class);
      unsubscribed.addAll(r.unsubscribed());
      Activity a = p.activity();
      firstSeen = a.firstSeen();
      lastSeen = a.lastSeen();
      lastActiveAt = a.lastActiveAt();
      eventCount = a.eventCount();
      sessionCount = a.sessionCount();
      counts = new HashMap<>(a.countsByType());
      Billing b = p.billing();
      status = b.status();
      plan = b.plan();
      trialStartedAt = b.trialStartedAt();
      trialEndsAt = b.trialEndsAt();
      failedPayments = b.failedPayments();
    }

    void apply(Event e) {
      applyTraits(e);
      applyActivity(e);
      applyBilling(e);
      if (EventTypes.MESSAGE_UNSUBSCRIBED.equals(e.type())) {
        channel(e.propertyString("channel")).ifPresent(unsubscribed::add);
      }
    }

    private void applyTraits(Event e) {
      e.traits().forEach((key, value) -> {
        if (key.equals("push_token")) {
          traits.put("pushToken", value);
        } else if (!key.equals("consent")) {
          traits.put(key, value);
        }
      });
      fillFromContext(e, "locale");
      fillFromContext(e, "timezone");
      email = stringTrait("email", email);
      phone = stringTrait("phone", phone);
      pushToken = stringTrait("pushToken", pushToken);
      if (e.traits().get("consent") instanceof Map<?, ?> stated) {
        boolean identify = EventTypes.IDENTIFY.equals(e.type());
        for (Channel c : Channel.values()) {
          if (stated.get(c.wireName()) instanceof Boolean given) {
            Boolean before = consent.put(c, given);
            if (identify && given && !Boolean.TRUE.equals(before)) {
              unsubscribed.remove(c);
            }
          }
        }
      }
    }

    private void fillFromContext(Event e, String key) {
      String value = e.contextString(key);
      if (value != null && !traits.containsKey(key)) {
        traits.put(key, value);
      }
    }

    private String stringTrait(String key, String current) {
      return traits.get(key) instanceof String s && !s.isBlank() ? s : current;
    }

    private void applyActivity(Event e) {
      Instant t = e.timestamp();
      firstSeen = firstSeen == null || t.isBefore(firstSeen) ? t : firstSeen;
      lastSeen = lastSeen == null || t.isAfter(lastSeen) ? t : lastSeen;
      eventCount++;
      counts.merge(e.type(), 1L, Long::sum);
      if (EventTypes.ACTIVITY.contains(e.type())) {
        boolean gap = lastActiveAt == null || Duration.between(lastActiveAt, t).compareTo(SESSION_GAP) > 0;
        if (gap || EventTypes.SESSION_STARTED.equals(e.type())) {
          sessionCount++;
        }
        lastActiveAt = lastActiveAt == null || t.isAfter(lastActiveAt) ? t : lastActiveAt;
      }
    }

    private void applyBilling(Event e) {
      switch (e.type()) {
        case EventTypes.TRIAL_STARTED -> {
          status = BillingStatus.TRIALING;
          trialStartedAt = e.timestamp();
          trialEndsAt = trialEnd(e);
        }
        case EventTypes.SUBSCRIPTION_STARTED, EventTypes.SUBSCRIPTION_UPGRADED -> {
          status = BillingStatus.ACTIVE;
          plan = orElse(e.propertyString("plan"), plan);
        }
        case EventTypes.SUBSCRIPTION_DOWNGRADED -> plan = orElse(e.propertyString("plan"), plan);
        case EventTypes.SUBSCRIPTION_CANCELLED -> status = BillingStatus.CANCELLED;
        case EventTypes.PAYMENT_FAILED -> {
          status = BillingStatus.PAST_DUE;
          failedPayments++;
        }
        case EventTypes.PAYMENT_SUCCEEDED -> {
          status = BillingStatus.ACTIVE;
          failedPayments = 0;
        }
        default -> {}
      }
    }

    private static Instant trialEnd(Event e) {
      String endsAt = e.propertyString("trialEndsAt");
      if (endsAt != null) {
        try {
          return Instant.parse(endsAt);
        } catch (DateTimeParseException malformed) {
          // ingest validates the format; an older event without validation falls back to trialDays
        }
      }
      long days = DEFAULT_TRIAL_DAYS;
      Object given = e.properties().get("trialDays");
      if (given instanceof Number n && n.longValue() > 0) {
        days = n.longValue();
      } else if (given instanceof String text && text.matches("\\d{1,4}")) {
        days = Long.parseLong(text);
      }
      return e.timestamp().plus(Duration.ofDays(days));
    }

    private static String orElse(String value, String fallback) {
      return value != null ? value : fallback;
    }

    private static Optional<Channel> channel(String wireName) {
      if (wireName == null) {
        return Optional.empty();
      }
      try {
        return Optional.of(Channel.fromWireName(wireName));
      } catch (IllegalArgumentException unknown) {
        return Optional.empty();
      }
    }

    Reachability reachability() {
      return new Reachability(email, phone, pushToken, consent, unsubscribed);
    }

    Activity activity() {
      return new Activity(firstSeen, lastSeen, lastActiveAt, eventCount, sessionCount, counts);
    }

    Billing billing() {
      return new Billing(status, plan, trialStartedAt, trialEndsAt, failedPayments);
    }
  }
}
