package dev.userwhisperer.core.analyze;

import dev.userwhisperer.core.learn.Attribution;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.profile.ArmCounts;
import dev.userwhisperer.core.profile.Arms;
import dev.userwhisperer.core.profile.Billing;
import dev.userwhisperer.core.profile.Billing.BillingStatus;
import dev.userwhisperer.core.profile.Features;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Reachability;
import dev.userwhisperer.core.profile.Responsiveness;
import dev.userwhisperer.core.profile.Responsiveness.Settlement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Folds events into a profile. Pure: the same profile and events always give the same result, which
 * is what lets {@code ProfileStore.update} retry it.
 *
 * <ul>
 *   <li>Events whose messageId the profile has already applied (or that repeat within the batch)
 *       are skipped; the applied ids are remembered, bounded to {@link Profile#RECENT_MESSAGE_IDS}.
 *   <li>Events are applied in timestamp order (ties keep batch order).
 *   <li>Traits come from {@code identify} and from the traits of any event; {@code push_token} is
 *       kept as {@code pushToken}; the context's locale and timezone fill those traits when absent.
 *   <li>Consent {@code {email, sms, push}} is taken as last stated. A channel unsubscribed through
 *       a message ({@code message_unsubscribed}) is re-subscribed only by an {@code identify} whose
 *       consent for it turns to true from a previous statement that was not true, so that an app
 *       repeating a stale {@code true} cannot undo an unsubscribe; the user's own choice on the
 *       preference page ({@link Ids#isPreferenceEvent}) re-subscribes whatever it turns on.
 *   <li>A session starts on {@code session_started} or on activity after {@value
 *       #SESSION_GAP_MINUTES} minutes without activity.
 *   <li>The {@link Features} follow every event in the same order: day windows, hour of week and
 *       session starts of activity, revenue, features used, errors, tickets, messages per channel
 *       and the activity baseline. A late event still lands in its day if the 28-day ring holds
 *       that day, but the baseline has already folded days older than a week and does not see it.
 *   <li>A {@code message_complained} (spam report), {@code message_bounced} (hard bounce) or {@code
 *       contact_suppressed} (an address on the suppression list) unsubscribes its channel like
 *       {@code message_unsubscribed}.
 *   <li>Responses answer the user's pending messages ({@link Responsiveness}): an open or click the
 *       message it names, a conversion ({@link EventTypes#CONVERSIONS}) the latest pending message,
 *       when within the {@link Attribution#DEFAULT} window after its sendAt; after the batch,
 *       pending messages whose window ended before {@code updatedAt} are settled, the answered ones
 *       as successes and the unanswered ones as failures. {@link Result#settled()} holds the counts
 *       added, for the app-wide statistics.
 *   <li>{@code updatedAt} is the latest applied event time, and the lifecycle, the engagement score
 *       and their reasons are derived as of then.
 * </ul>
 */
public final class ProfileUpdater {
  static final long SESSION_GAP_MINUTES = 30;
  private static final int DEFAULT_TRIAL_DAYS = 14;

  private final LifecycleRules lifecycle;

  public ProfileUpdater(LifecycleRules lifecycle) {
    this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
  }

  /**
   * The next profile, the events that were newly applied to it (in the order applied) and the arm
   * counts their responses settled.
   */
  public record Result(Profile profile, List<Event> applied, Map<String, ArmCounts> settled) {
    public Result {
      Objects.requireNonNull(profile, "profile");
      applied = List.copyOf(applied);
      settled = Map.copyOf(settled);
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
      return new Result(profile, List.of(), Map.of());
    }
    fresh.sort(Comparator.comparing(Event::timestamp));

    Fold s = new Fold(profile, lifecycle.thresholds().atRiskAfter());
    fresh.forEach(s::apply);

    List<String> recent = new ArrayList<>(profile.recentMessageIds());
    fresh.forEach(e -> recent.add(e.messageId()));
    List<String> bounded =
        recent.subList(Math.max(0, recent.size() - Profile.RECENT_MESSAGE_IDS), recent.size());

    Instant updatedAt = s.behaviour.lastSeen();
    if (profile.updatedAt() != null && profile.updatedAt().isAfter(updatedAt)) {
      updatedAt = profile.updatedAt();
    }
    s.settleExpired(updatedAt);
    Profile next =
        new Profile(
            profile.appId(),
            profile.userId(),
            s.traits,
            s.reachability,
            s.behaviour.activity(),
            s.billing,
            null,
            s.behaviour.features(),
            null,
            profile.churn(),
            s.responsiveness,
            bounded,
            updatedAt,
            null,
            profile.schedule());
    return new Result(lifecycle.evaluate(next, updatedAt), fresh, s.settled);
  }

  /**
   * The fold of one {@link #apply} call: the traits and the working copy of what the user did
   * ({@link BehaviourFold}) change in place; reachability, billing and responsiveness are the
   * profile's own immutable parts, replaced when an event changes them.
   */
  private static final class Fold {
    final Map<String, Object> traits;
    Reachability reachability;
    Billing billing;
    Responsiveness responsiveness;
    final BehaviourFold behaviour;
    Map<String, ArmCounts> settled = Map.of();
    private String zoneName;
    private ZoneId zone;

    Fold(Profile p, Duration returnAfter) {
      traits = new LinkedHashMap<>(p.traits());
      reachability = p.reachability();
      billing = p.billing();
      responsiveness = p.responsiveness();
      behaviour = new BehaviourFold(p.activity(), p.features(), returnAfter);
    }

    void apply(Event e) {
      applyTraits(e);
      behaviour.applyActivity(e, zone());
      billing = billed(billing, e);
      behaviour.applyEngagement(e, zone());
      applyResponse(e);
      if (EventTypes.MESSAGE_UNSUBSCRIBED.equals(e.type())
          || EventTypes.MESSAGE_COMPLAINED.equals(e.type())
          || EventTypes.MESSAGE_BOUNCED.equals(e.type())
          || EventTypes.CONTACT_SUPPRESSED.equals(e.type())) {
        BehaviourFold.channel(e.propertyString("channel")).ifPresent(this::unsubscribe);
      }
    }

    /**
     * Settles as failures the pending messages whose window ended before {@code now}: without it a
     * user who is never decided for again would report only their successes to the app-wide counts,
     * and those counts would overrate every arm.
     */
    void settleExpired(Instant now) {
      Settlement expired = responsiveness.settleExpired(now, Attribution.DEFAULT.window());
      responsiveness = expired.next();
      settled = Arms.sum(settled, expired.added());
    }

    private void applyResponse(Event e) {
      Duration window = Attribution.DEFAULT.window();
      if (EventTypes.ACTIVITY.contains(e.type())) {
        responsiveness = responsiveness.activeAt(e.timestamp(), window);
      }
      if (EventTypes.MESSAGE_RESPONSES.contains(e.type())) {
        String outboundId = e.propertyString(EventTypes.OUTBOUND_ID);
        if (outboundId == null) {
          outboundId = e.propertyString("messageId");
        }
        if (outboundId != null) {
          responsiveness =
              responsiveness.respond(
                  outboundId, e.timestamp(), window, EventTypes.CLICKS.contains(e.type()));
        }
      } else if (EventTypes.CONVERSIONS.contains(e.type())) {
        responsiveness = responsiveness.convert(e.timestamp(), window);
      }
    }

    private void applyTraits(Event e) {
      e.traits()
          .forEach(
              (key, value) -> {
                if (key.equals("push_token")) {
                  traits.put("pushToken", value);
                } else if (!key.equals("consent")) {
                  traits.put(key, value);
                }
              });
      fillFromContext(e, "locale");
      fillFromContext(e, "timezone");
      Reachability r = reachability;
      String email = stringTrait("email", r.email());
      String phone = stringTrait("phone", r.phone());
      String pushToken = stringTrait("pushToken", r.pushToken());
      Map<Channel, Boolean> consent = r.consent();
      Set<Channel> unsubscribed = r.unsubscribed();
      if (e.traits().get("consent") instanceof Map<?, ?> stated) {
        boolean identify = EventTypes.IDENTIFY.equals(e.type());
        boolean usersOwnChoice = identify && Ids.isPreferenceEvent(e.messageId());
        Map<Channel, Boolean> nextConsent = new EnumMap<>(Channel.class);
        nextConsent.putAll(consent);
        Set<Channel> nextUnsubscribed = EnumSet.noneOf(Channel.class);
        nextUnsubscribed.addAll(unsubscribed);
        for (Channel c : Channel.values()) {
          if (stated.get(c.wireName()) instanceof Boolean given) {
            Boolean before = nextConsent.put(c, given);
            if (identify && given && (usersOwnChoice || !Boolean.TRUE.equals(before))) {
              nextUnsubscribed.remove(c);
            }
          }
        }
        consent = nextConsent;
        unsubscribed = nextUnsubscribed;
      }
      if (!Objects.equals(email, r.email())
          || !Objects.equals(phone, r.phone())
          || !Objects.equals(pushToken, r.pushToken())
          || consent != r.consent()) {
        reachability = new Reachability(email, phone, pushToken, consent, unsubscribed);
      }
    }

    private void unsubscribe(Channel channel) {
      Reachability r = reachability;
      if (!r.unsubscribed().contains(channel)) {
        Set<Channel> unsubscribed = EnumSet.noneOf(Channel.class);
        unsubscribed.addAll(r.unsubscribed());
        unsubscribed.add(channel);
        reachability =
            new Reachability(r.email(), r.phone(), r.pushToken(), r.consent(), unsubscribed);
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

    private ZoneId zone() {
      Object tz = traits.get("timezone");
      String name = tz instanceof String text ? text : null;
      if (zone == null || !Objects.equals(name, zoneName)) {
        zoneName = name;
        zone = Features.zone(name);
      }
      return zone;
    }
  }

  /** The billing state after a billing event; other events leave it as it is. */
  static Billing billed(Billing b, Event e) {
    return switch (e.type()) {
      case EventTypes.TRIAL_STARTED ->
          new Billing(
              BillingStatus.TRIALING, b.plan(), e.timestamp(), trialEnd(e), b.failedPayments());
      case EventTypes.SUBSCRIPTION_STARTED, EventTypes.SUBSCRIPTION_UPGRADED ->
          new Billing(
              BillingStatus.ACTIVE,
              orElse(e.propertyString("plan"), b.plan()),
              b.trialStartedAt(),
              b.trialEndsAt(),
              b.failedPayments());
      case EventTypes.SUBSCRIPTION_DOWNGRADED ->
          new Billing(
              b.status(),
              orElse(e.propertyString("plan"), b.plan()),
              b.trialStartedAt(),
              b.trialEndsAt(),
              b.failedPayments());
      case EventTypes.SUBSCRIPTION_CANCELLED ->
          new Billing(
              BillingStatus.CANCELLED,
              b.plan(),
              b.trialStartedAt(),
              b.trialEndsAt(),
              b.failedPayments());
      case EventTypes.PAYMENT_FAILED ->
          new Billing(
              BillingStatus.PAST_DUE,
              b.plan(),
              b.trialStartedAt(),
              b.trialEndsAt(),
              b.failedPayments() + 1);
      case EventTypes.PAYMENT_SUCCEEDED ->
          new Billing(BillingStatus.ACTIVE, b.plan(), b.trialStartedAt(), b.trialEndsAt(), 0);
      default -> b;
    };
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
}
