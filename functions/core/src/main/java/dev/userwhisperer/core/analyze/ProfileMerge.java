package dev.userwhisperer.core.analyze;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.profile.Activity;
import dev.userwhisperer.core.profile.Billing.BillingStatus;
import dev.userwhisperer.core.profile.Features;
import dev.userwhisperer.core.profile.Features.Baseline;
import dev.userwhisperer.core.profile.Features.MessageStats;
import dev.userwhisperer.core.profile.Features.Sessions;
import dev.userwhisperer.core.profile.Features.Tally;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Reachability;
import dev.userwhisperer.core.profile.Responsiveness;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Folds an anonymous profile into the identified one when an {@code alias} joins them. What the
 * user did is added up (counters, the day ring, hours of the week, sessions, features used, the
 * baseline, message engagement); what describes the user is the identified profile's, the anonymous
 * one filling only what it lacks (traits, addresses, billing, churn score, responsiveness); consent
 * takes the stricter statement per channel and unsubscribes from both; the applied messageIds are
 * the union, so an anonymous event redelivered after the merge is still a duplicate. The stage and
 * insights are the identified profile's until the next batch recomputes them.
 */
final class ProfileMerge {
  private ProfileMerge() {}

  /** {@code into} with {@code from} folded in; {@code into}'s app, user and merge mark are kept. */
  static Profile merge(Profile into, Profile from) {
    return new Profile(
        into.appId(),
        into.userId(),
        traits(into.traits(), from.traits()),
        reachability(into.reachability(), from.reachability()),
        activity(into.activity(), from.activity()),
        into.billing().status() == BillingStatus.NONE ? from.billing() : into.billing(),
        into.lifecycle(),
        features(into.features(), from.features()),
        into.insights(),
        into.churn() == null ? from.churn() : into.churn(),
        into.responsiveness().equals(Responsiveness.NONE)
            ? from.responsiveness()
            : into.responsiveness(),
        recentIds(into.recentMessageIds(), from.recentMessageIds()),
        latest(into.updatedAt(), from.updatedAt()),
        into.mergedInto(),
        into.schedule());
  }

  /** {@code into} with {@code id} remembered as applied (the merge's own guard). */
  static Profile remember(Profile into, String id) {
    return new Profile(
        into.appId(),
        into.userId(),
        into.traits(),
        into.reachability(),
        into.activity(),
        into.billing(),
        into.lifecycle(),
        into.features(),
        into.insights(),
        into.churn(),
        into.responsiveness(),
        recentIds(into.recentMessageIds(), List.of(id)),
        into.updatedAt(),
        into.mergedInto(),
        into.schedule());
  }

  private static Map<String, Object> traits(Map<String, Object> into, Map<String, Object> from) {
    Map<String, Object> merged = new LinkedHashMap<>(from);
    merged.putAll(into);
    return merged;
  }

  private static Reachability reachability(Reachability into, Reachability from) {
    Map<Channel, Boolean> consent = new EnumMap<>(Channel.class);
    consent.putAll(from.consent());
    into.consent().forEach((channel, given) -> consent.merge(channel, given, Boolean::logicalAnd));
    Set<Channel> unsubscribed = EnumSet.noneOf(Channel.class);
    unsubscribed.addAll(into.unsubscribed());
    unsubscribed.addAll(from.unsubscribed());
    return new Reachability(
        into.email() != null ? into.email() : from.email(),
        into.phone() != null ? into.phone() : from.phone(),
        into.pushToken() != null ? into.pushToken() : from.pushToken(),
        consent,
        unsubscribed);
  }

  private static Activity activity(Activity into, Activity from) {
    Map<String, Long> counts = new HashMap<>(into.countsByType());
    from.countsByType().forEach((type, n) -> counts.merge(type, n, Long::sum));
    return new Activity(
        earliest(into.firstSeen(), from.firstSeen()),
        latest(into.lastSeen(), from.lastSeen()),
        latest(into.lastActiveAt(), from.lastActiveAt()),
        into.eventCount() + from.eventCount(),
        into.sessionCount() + from.sessionCount(),
        counts);
  }

  private static Features features(Features into, Features from) {
    if (from.equals(Features.NONE)) {
      return into;
    }
    if (into.equals(Features.NONE)) {
      return from;
    }
    LocalDate day = latest(into.day(), from.day());
    int[] hours = into.hourOfWeek();
    int[] fromHours = from.hourOfWeek();
    for (int h = 0; h < hours.length; h++) {
      hours[h] += fromHours[h];
    }
    TreeSet<String> used = new TreeSet<>(into.featuresUsed());
    used.addAll(from.featuresUsed());
    Map<Channel, MessageStats> messages = new EnumMap<>(Channel.class);
    messages.putAll(into.messages());
    from.messages()
        .forEach(
            (channel, m) ->
                messages.merge(
                    channel,
                    m,
                    (a, b) ->
                        new MessageStats(
                            a.sent() + b.sent(),
                            a.opened() + b.opened(),
                            a.clicked() + b.clicked(),
                            a.unsubscribed() + b.unsubscribed())));
    boolean intoReturnedLater =
        from.returnedAt() == null
            || (into.returnedAt() != null && !into.returnedAt().isBefore(from.returnedAt()));
    return new Features(
        day,
        sum(aligned(into.dayEvents(), into.day(), day), aligned(from.dayEvents(), from.day(), day)),
        sum(
            aligned(into.daySessions(), into.day(), day),
            aligned(from.daySessions(), from.day(), day)),
        sumLongs(
            aligned(into.dayRevenueCents(), into.day(), day),
            aligned(from.dayRevenueCents(), from.day(), day)),
        hours,
        sessions(into.sessions(), from.sessions()),
        used.stream().limit(Features.MAX_FEATURES).toList(),
        tally(into.errors(), from.errors()),
        tally(into.supportTickets(), from.supportTickets()),
        messages,
        baseline(into, from),
        intoReturnedLater ? into.returnedAt() : from.returnedAt(),
        intoReturnedLater ? into.idleDaysBeforeReturn() : from.idleDaysBeforeReturn());
  }

  /**
   * The ring of {@code values} (newest day {@code day}) moved so that its newest day is {@code to}.
   */
  private static long[] aligned(int[] values, LocalDate day, LocalDate to) {
    long[] longs = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      longs[i] = values[i];
    }
    return aligned(longs, day, to);
  }

  private static long[] aligned(long[] values, LocalDate day, LocalDate to) {
    long[] moved = new long[values.length];
    if (day == null) {
      return moved;
    }
    long shift = to.toEpochDay() - day.toEpochDay();
    for (int i = 0; i + shift < values.length; i++) {
      moved[(int) (i + shift)] = values[i];
    }
    return moved;
  }

  private static int[] sum(long[] a, long[] b) {
    int[] sum = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      sum[i] = (int) Math.min(Integer.MAX_VALUE, a[i] + b[i]);
    }
    return sum;
  }

  private static long[] sumLongs(long[] a, long[] b) {
    long[] sum = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      sum[i] = a[i] + b[i];
    }
    return sum;
  }

  private static Sessions sessions(Sessions into, Sessions from) {
    Sessions open =
        from.lastAt() != null && (into.lastAt() == null || from.lastAt().isAfter(into.lastAt()))
            ? from
            : into;
    Sessions closedOne = open == into ? from : into;
    // the session left open on the other side counts as closed at its last activity
    long otherOpen =
        closedOne.openedAt() == null
            ? 0
            : closedOne.lastAt().getEpochSecond() - closedOne.openedAt().getEpochSecond();
    return new Sessions(
        into.closed() + from.closed() + (closedOne.openedAt() == null ? 0 : 1),
        into.closedSeconds() + from.closedSeconds() + otherOpen,
        open.openedAt(),
        open.lastAt());
  }

  private static Tally tally(Tally into, Tally from) {
    return new Tally(into.count() + from.count(), latest(into.lastAt(), from.lastAt()));
  }

  /**
   * The baseline is linear in the daily counts once both sides are folded through the same day, so
   * the merged user's baseline is the sum.
   */
  private static Baseline baseline(Features into, Features from) {
    Baseline a = into.baseline();
    Baseline b = from.baseline();
    if (b.through() == null) {
      return a;
    }
    if (a.through() == null) {
      return b;
    }
    LocalDate through = latest(a.through(), b.through());
    a = a.foldedThrough(into.day(), into.dayEvents(), through);
    b = b.foldedThrough(from.day(), from.dayEvents(), through);
    return new Baseline(a.weighted() + b.weighted(), through, Math.max(a.days(), b.days()));
  }

  private static List<String> recentIds(List<String> into, List<String> from) {
    Set<String> union = new LinkedHashSet<>(from);
    union.addAll(into);
    List<String> ids = new ArrayList<>(union);
    return ids.subList(Math.max(0, ids.size() - Profile.RECENT_MESSAGE_IDS), ids.size());
  }

  private static <T extends Comparable<? super T>> T earliest(T a, T b) {
    return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
  }

  private static <T extends Comparable<? super T>> T latest(T a, T b) {
    return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
  }
}
