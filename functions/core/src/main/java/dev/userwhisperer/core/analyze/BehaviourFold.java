package dev.userwhisperer.core.analyze;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.profile.Activity;
import dev.userwhisperer.core.profile.Features;
import dev.userwhisperer.core.profile.Features.Baseline;
import dev.userwhisperer.core.profile.Features.MessageStats;
import dev.userwhisperer.core.profile.Features.Sessions;
import dev.userwhisperer.core.profile.Features.Tally;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The working copy of what a user did ({@link Activity} and {@link Features}) while a batch of
 * events is folded in. Mutable, unlike the profile's other parts, which the fold replaces per
 * event: every event moves these counters, the 28-day rings and the hour-of-week histogram, and
 * copying them per event would cost more than the event. Confined to one {@code
 * ProfileUpdater.apply} call.
 */
final class BehaviourFold {
  static final Duration SESSION_GAP = Duration.ofMinutes(ProfileUpdater.SESSION_GAP_MINUTES);
  private static final int SENT = 0;
  private static final int OPENED = 1;
  private static final int CLICKED = 2;
  private static final int UNSUBSCRIBED = 3;

  private final Duration returnAfter;
  private Instant firstSeen;
  private Instant lastSeen;
  private Instant lastActiveAt;
  private long eventCount;
  private long sessionCount;
  private final Map<String, Long> counts;
  private LocalDate day;
  private final int[] dayEvents;
  private final int[] daySessions;
  private final long[] dayRevenueCents;
  private final int[] hourOfWeek;
  private long closedSessions;
  private long closedSessionSeconds;
  private Instant sessionOpenedAt;
  private Instant sessionLastAt;
  private final TreeSet<String> featuresUsed;
  private Tally errors;
  private Tally tickets;
  private final long[][] messages = new long[Channel.values().length][4];
  private Baseline baseline;
  private Instant returnedAt;
  private long idleDaysBeforeReturn;

  /**
   * @param returnAfter the inactivity after which activity counts as a return
   */
  BehaviourFold(Activity a, Features f, Duration returnAfter) {
    this.returnAfter = returnAfter;
    firstSeen = a.firstSeen();
    lastSeen = a.lastSeen();
    lastActiveAt = a.lastActiveAt();
    eventCount = a.eventCount();
    sessionCount = a.sessionCount();
    counts = new HashMap<>(a.countsByType());
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
  }

  /** The latest event time folded in. */
  Instant lastSeen() {
    return lastSeen;
  }

  /** Counts the event, and if it is activity, its session, day and hour in {@code zone}. */
  void applyActivity(Event e, ZoneId zone) {
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
      ZonedDateTime local = t.atZone(zone);
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
    baseline = baseline.foldedThrough(day, dayEvents, d.minusDays(Features.DRIFT_WINDOW_DAYS + 1L));
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

  /** Features used, errors, tickets, messages and revenue (by its day in {@code zone}). */
  void applyEngagement(Event e, ZoneId zone) {
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
          applyRevenue(e, zone);
      default -> {}
    }
  }

  private void applyRevenue(Event e, ZoneId zone) {
    long cents = cents(e.properties().get("amount"));
    if (cents == 0) {
      cents = cents(e.properties().get("revenue"));
    }
    if (cents != 0) {
      int index = dayIndex(e.timestamp().atZone(zone).toLocalDate());
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

  static Optional<Channel> channel(String wireName) {
    if (wireName == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Channel.fromWireName(wireName));
    } catch (IllegalArgumentException unknown) {
      return Optional.empty();
    }
  }

  Activity activity() {
    return new Activity(firstSeen, lastSeen, lastActiveAt, eventCount, sessionCount, counts);
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
