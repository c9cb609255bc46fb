package dev.userwhisperer.core.analyze;

import dev.userwhisperer.core.learn.Attribution;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.profile.Activity;
import dev.userwhisperer.core.profile.ArmCounts;
import dev.userwhisperer.core.profile.Arms;
import dev.userwhisperer.core.profile.Billing;
import dev.userwhisperer.core.profile.Billing.BillingStatus;
import dev.userwhisperer.core.profile.Features;
import dev.userwhisperer.core.profile.Features.Baseline;
import dev.userwhisperer.core.profile.Features.MessageStats;
import dev.userwhisperer.core.profile.Features.Sessions;
import dev.userwhisperer.core.profile.Features.Tally;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Reachability;
import dev.userwhisperer.core.profile.Responsiveness;
import dev.userwhisperer.core.profile.Responsiveness.Settlement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
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
import java.util.TreeSet;

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
 *       repeating a stale {@code true} cannot undo an unsubscribe.
 *   <li>A session starts on {@code session_started} or on activity after {@value
 *       #SESSION_GAP_MINUTES} minutes without activity.
 *   <li>The {@link Features} follow every event in the same order: day windows, hour of week and
 *       session starts of activity, revenue, features used, errors, tickets, messages per channel
 *       and the activity baseline. A late event still lands in its day if the 28-day ring holds
 *       that day, but the baseline has already folded days older than a week and does not see it.
 *   <li>A {@code message_complained} (spam report) unsubscribes its channel like {@code
 *       message_unsubscribed}.
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
  private static final Duration SESSION_GAP = Duration.ofMinutes(SESSION_GAP_MINUTES);
  private static final int DEFAULT_TRIAL_DAYS = 14;
  private static final int SENT = 0;
  private static final int OPENED = 1;
  private static final int CLICKED = 2;
  private static final int UNSUBSCRIBED = 3;

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

    State s = new State(profile, lifecycle.thresholds().atRiskAfter());
    fresh.forEach(s::apply);

    List<String> recent = new ArrayList<>(profile.recentMessageIds());
    fresh.forEach(e -> recent.add(e.messageId()));
    List<String> bounded =
        recent.subList(Math.max(0, recent.size() - Profile.RECENT_MESSAGE_IDS), recent.size());

    Instant updatedAt = s.lastSeen;
    if (profile.updatedAt() != null && profile.updatedAt().isAfter(updatedAt)) {
      updatedAt = profile.updatedAt();
    }
    s.settleExpired(updatedAt);
    Profile next =
        new Profile(
            profile.appId(),
            profile.userId(),
            s.traits,
            s.reachability(),
            s.activity(),
            s.billing(),
            null,
            s.features(),
            null,
            profile.churn(),
            s.responsiveness,
            bounded,
            updatedAt);
    return new Result(lifecycle.evaluate(next, updatedAt), fresh, s.settled);
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
    final Duration returnAfter;
    String zoneName;
    ZoneId zone;
    LocalDate day;
    final int[] dayEvents;
    final int[] daySessions;
    final long[] dayRevenueCents;
    final int[] hourOfWeek;
    long closedSessions;
    long closedSessionSeconds;
    Instant sessionOpenedAt;
    Instant sessionLastAt;
    final TreeSet<String> featuresUsed;
    Tally errors;
    Tally tickets;
    final long[][] messages = new long[Channel.values().length][4];
    Baseline baseline;
    Instant returnedAt;
    long idleDaysBeforeReturn;
    Responsiveness responsiveness;
    Map<String, ArmCounts> settled = Map.of();

    State(Profile p, Duration returnAfter) {
      this.returnAfter = returnAfter;
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
      Features f = p.features();
      day = f.day();
      dayEvents = f.dayEvents();
      daySessions = f.daySessions();
      dayRevenueCents = f.dayRevenueCents();
      hourOfWeek = f.hourOfWeek();
      closedSessions = f.sessions().closed();
      closedSessionSeconds = f.sessions().closedSeconds();
      sessionOpenedAt = f.sessions().openedAt();
      sessionLastAt = f.sessions().lastAt();
      featuresUsed = new TreeSet<>(f.featuresUsed());
      errors = f.errors();
      tickets = f.supportTickets();
      f.messages()
          .forEach(
              (channel, m) ->
                  messages[channel.ordinal()] =
                      new long[] {m.sent(), m.opened(), m.clicked(), m.unsubscribed()});
      baseline = f.baseline();
      returnedAt = f.returnedAt();
      idleDaysBeforeReturn = f.idleDaysBeforeReturn();
      responsiveness = p.responsiveness();
    }

    void apply(Event e) {
      applyTraits(e);
      applyActivity(e);
      applyBilling(e);
      applyEngagement(e);
      applyResponse(e);
      if (EventTypes.MESSAGE_UNSUBSCRIBED.equals(e.type())
          || EventTypes.MESSAGE_COMPLAINED.equals(e.type())) {
        channel(e.propertyString("channel")).ifPresent(unsubscribed::add);
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
      if (EventTypes.MESSAGE_RESPONSES.contains(e.type())) {
        String messageId = e.propertyString("messageId");
        if (messageId != null) {
          responsiveness = responsiveness.respond(messageId, e.timestamp(), window);
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
        boolean gap =
            lastActiveAt == null || Duration.between(lastActiveAt, t).compareTo(SESSION_GAP) > 0;
        boolean newSession = gap || EventTypes.SESSION_STARTED.equals(e.type());
        if (lastActiveAt != null && Duration.between(lastActiveAt, t).compareTo(returnAfter) >= 0) {
          returnedAt = t;
          idleDaysBeforeReturn = Duration.between(lastActiveAt, t).toDays();
        }
        if (newSession) {
          sessionCount++;
        }
        applySessionLength(t, newSession);
        ZonedDateTime local = t.atZone(zone());
        int index = dayIndex(local.toLocalDate());
        if (baseline.through() == null) {
          baseline = new Baseline(0, local.toLocalDate().minusDays(1), 0);
        }
        if (index >= 0) {
          dayEvents[index]++;
          if (newSession) {
            daySessions[index]++;
          }
        }
        hourOfWeek[(local.getDayOfWeek().getValue() - 1) * 24 + local.getHour()]++;
        lastActiveAt = lastActiveAt == null || t.isAfter(lastActiveAt) ? t : lastActiveAt;
      }
    }

    private void applySessionLength(Instant t, boolean newSession) {
      if (newSession) {
        if (sessionOpenedAt != null) {
          closedSessions++;
          closedSessionSeconds +=
              Math.max(0, Duration.between(sessionOpenedAt, sessionLastAt).toSeconds());
        }
        sessionOpenedAt = t;
        sessionLastAt = t;
      } else if (sessionLastAt != null && t.isAfter(sessionLastAt)) {
        sessionLastAt = t;
      }
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

    /**
     * The ring index of a day, moving the ring forward (and folding into the baseline the days that
     * leave the drift window) when the day is newer; -1 when the day is older than the ring.
     */
    private int dayIndex(LocalDate d) {
      if (day == null) {
        day = d;
        return 0;
      }
      long back = day.toEpochDay() - d.toEpochDay();
      if (back >= 0) {
        return back < Features.DAYS ? (int) back : -1;
      }
      baseline =
          baseline.foldedThrough(day, dayEvents, d.minusDays(Features.DRIFT_WINDOW_DAYS + 1L));
      int shift = (int) Math.min(Features.DAYS, -back);
      shiftRight(dayEvents, shift);
      shiftRight(daySessions, shift);
      System.arraycopy(dayRevenueCents, 0, dayRevenueCents, shift, Features.DAYS - shift);
      Arrays.fill(dayRevenueCents, 0, shift, 0L);
      day = d;
      return 0;
    }

    private static void shiftRight(int[] ring, int shift) {
      System.arraycopy(ring, 0, ring, shift, ring.length - shift);
      Arrays.fill(ring, 0, shift, 0);
    }

    private void applyEngagement(Event e) {
      switch (e.type()) {
        case EventTypes.FEATURE_USED -> {
          String feature = e.propertyString("feature");
          if (feature != null
              && (featuresUsed.size() < Features.MAX_FEATURES || featuresUsed.contains(feature))) {
            featuresUsed.add(feature);
          }
        }
        case EventTypes.ERROR_ENCOUNTERED -> errors = errors.plus(e.timestamp());
        case EventTypes.SUPPORT_TICKET_CREATED -> tickets = tickets.plus(e.timestamp());
        case EventTypes.EMAIL_SENT -> messages[Channel.EMAIL.ordinal()][SENT]++;
        case EventTypes.SMS_SENT -> messages[Channel.SMS.ordinal()][SENT]++;
        case EventTypes.PUSH_SENT -> messages[Channel.PUSH.ordinal()][SENT]++;
        case EventTypes.NOTIFICATION_SENT ->
            channel(e.propertyString("channel")).ifPresent(c -> messages[c.ordinal()][SENT]++);
        case EventTypes.EMAIL_OPENED -> messages[Channel.EMAIL.ordinal()][OPENED]++;
        case EventTypes.PUSH_OPENED -> messages[Channel.PUSH.ordinal()][OPENED]++;
        case EventTypes.EMAIL_CLICKED -> messages[Channel.EMAIL.ordinal()][CLICKED]++;
        case EventTypes.SMS_CLICKED -> messages[Channel.SMS.ordinal()][CLICKED]++;
        case EventTypes.MESSAGE_UNSUBSCRIBED, EventTypes.MESSAGE_COMPLAINED ->
            channel(e.propertyString("channel"))
                .ifPresent(c -> messages[c.ordinal()][UNSUBSCRIBED]++);
        case EventTypes.PAYMENT_SUCCEEDED,
            EventTypes.SUBSCRIPTION_STARTED,
            EventTypes.SUBSCRIPTION_UPGRADED,
            EventTypes.SUBSCRIPTION_DOWNGRADED,
            EventTypes.SUBSCRIPTION_CANCELLED ->
            applyRevenue(e);
        default -> {}
      }
    }

    private void applyRevenue(Event e) {
      long cents = cents(e.properties().get("amount"));
      if (cents == 0) {
        cents = cents(e.properties().get("revenue"));
      }
      if (cents != 0) {
        int index = dayIndex(e.timestamp().atZone(zone()).toLocalDate());
        if (index >= 0) {
          dayRevenueCents[index] += cents;
        }
      }
    }

    private static long cents(Object amount) {
      if (amount instanceof Number n) {
        return Math.round(n.doubleValue() * 100);
      }
      if (amount instanceof String text && text.matches("-?\\d{1,12}(\\.\\d{1,6})?")) {
        return Math.round(Double.parseDouble(text) * 100);
      }
      return 0;
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

    Features features() {
      Map<Channel, MessageStats> stats = new EnumMap<>(Channel.class);
      for (Channel c : Channel.values()) {
        long[] m = messages[c.ordinal()];
        if (m[SENT] + m[OPENED] + m[CLICKED] + m[UNSUBSCRIBED] > 0) {
          stats.put(c, new MessageStats(m[SENT], m[OPENED], m[CLICKED], m[UNSUBSCRIBED]));
        }
      }
      return new Features(
          day,
          dayEvents,
          daySessions,
          dayRevenueCents,
          hourOfWeek,
          new Sessions(closedSessions, closedSessionSeconds, sessionOpenedAt, sessionLastAt),
          List.copyOf(featuresUsed),
          errors,
          tickets,
          stats,
          baseline,
          returnedAt,
          idleDaysBeforeReturn);
    }
  }
}
