package dev.userwhisperer.core.profile;

import dev.userwhisperer.core.message.Channel;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The behavioral model of one user, kept incrementally by analyze (one event at a time, in
 * event-time order) in a bounded, compact form. Days and hours are the user's, in the time zone the
 * profile had when the event was folded.
 *
 * @param day the newest day of the ring, null before any event counted in it
 * @param dayEvents activity events per day: {@code [0]} is {@code day}, {@code [i]} is {@code day -
 *     i}, {@value #DAYS} days
 * @param daySessions sessions started per day, same layout
 * @param dayRevenueCents revenue per day in cents of the event's currency ({@code amount} or {@code
 *     revenue} of {@code payment_succeeded} and {@code subscription_*}), same layout
 * @param hourOfWeek activity events per hour of the week, {@code [0]} is Monday 00:00–01:00
 * @param sessions session count and length
 * @param featuresUsed the distinct {@code feature} properties of {@code feature_used}, sorted, at
 *     most {@value #MAX_FEATURES}
 * @param errors {@code error_encountered} events
 * @param supportTickets {@code support_ticket_created} events
 * @param messages message engagement per channel
 * @param baseline the user's own exponentially weighted daily activity rate, see {@link #driftAt}
 * @param returnedAt the last activity that followed a long idle spell (as long as the AT_RISK
 *     threshold)
 * @param idleDaysBeforeReturn how long that spell was, in whole days
 */
public record Features(
    LocalDate day,
    int[] dayEvents,
    int[] daySessions,
    long[] dayRevenueCents,
    int[] hourOfWeek,
    Sessions sessions,
    List<String> featuresUsed,
    Tally errors,
    Tally supportTickets,
    Map<Channel, MessageStats> messages,
    Baseline baseline,
    Instant returnedAt,
    long idleDaysBeforeReturn) {

  /** Days kept in the ring, the longest window. */
  public static final int DAYS = 28;

  public static final int HOURS_OF_WEEK = 168;
  public static final int MAX_FEATURES = 64;

  /** The half-life of the baseline, in days. */
  public static final int BASELINE_HALF_LIFE_DAYS = 14;

  /** The per-day decay of the baseline, {@code 2^(-1/half-life)}. */
  public static final double BASELINE_DECAY = Math.pow(0.5, 1.0 / BASELINE_HALF_LIFE_DAYS);

  /**
   * The recent window drift compares with the baseline, in complete days before the day measured.
   */
  public static final int DRIFT_WINDOW_DAYS = 7;

  public static final Features NONE =
      new Features(
          null,
          new int[DAYS],
          new int[DAYS],
          new long[DAYS],
          new int[HOURS_OF_WEEK],
          Sessions.NONE,
          List.of(),
          Tally.NONE,
          Tally.NONE,
          Map.of(),
          Baseline.NONE,
          null,
          0);

  public Features {
    dayEvents = sized(dayEvents, DAYS);
    daySessions = sized(daySessions, DAYS);
    dayRevenueCents =
        dayRevenueCents == null ? new long[DAYS] : Arrays.copyOf(dayRevenueCents, DAYS);
    hourOfWeek = sized(hourOfWeek, HOURS_OF_WEEK);
    sessions = sessions == null ? Sessions.NONE : sessions;
    featuresUsed = featuresUsed == null ? List.of() : List.copyOf(featuresUsed);
    if (featuresUsed.size() > MAX_FEATURES) {
      throw new IllegalArgumentException(
          "at most " + MAX_FEATURES + " features: " + featuresUsed.size());
    }
    errors = errors == null ? Tally.NONE : errors;
    supportTickets = supportTickets == null ? Tally.NONE : supportTickets;
    messages =
        messages == null || messages.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new EnumMap<>(messages));
    baseline = baseline == null ? Baseline.NONE : baseline;
  }

  /** A copy: the record stays immutable. */
  @Override
  public int[] dayEvents() {
    return dayEvents.clone();
  }

  /** A copy: the record stays immutable. */
  @Override
  public int[] daySessions() {
    return daySessions.clone();
  }

  /** A copy: the record stays immutable. */
  @Override
  public long[] dayRevenueCents() {
    return dayRevenueCents.clone();
  }

  /** A copy: the record stays immutable. */
  @Override
  public int[] hourOfWeek() {
    return hourOfWeek.clone();
  }

  private static int[] sized(int[] values, int size) {
    return values == null ? new int[size] : Arrays.copyOf(values, size);
  }

  /** The zone of a profile's {@code timezone} trait; UTC when it is missing or not a zone. */
  public static ZoneId zone(String timezone) {
    if (timezone == null) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(timezone);
    } catch (DateTimeException unknown) {
      return ZoneOffset.UTC;
    }
  }

  /** Activity events in the {@code days} days ending with {@code asOf} (inclusive). */
  public long events(int days, LocalDate asOf) {
    return sum(dayEvents, days, asOf, false);
  }

  /** Days with activity among the {@code days} days ending with {@code asOf}. */
  public long activeDays(int days, LocalDate asOf) {
    return sum(dayEvents, days, asOf, true);
  }

  /** Sessions started in the {@code days} days ending with {@code asOf}. */
  public long sessionsIn(int days, LocalDate asOf) {
    return sum(daySessions, days, asOf, false);
  }

  /** Revenue in cents in the {@code days} days ending with {@code asOf}. */
  public long revenueCents(int days, LocalDate asOf) {
    long total = 0;
    for (int i = 0; i < days; i++) {
      int index = index(asOf.minusDays(i));
      total += index < 0 ? 0 : dayRevenueCents[index];
    }
    return total;
  }

  private long sum(int[] values, int days, LocalDate asOf, boolean nonZero) {
    long total = 0;
    for (int i = 0; i < days; i++) {
      int index = index(asOf.minusDays(i));
      int v = index < 0 ? 0 : values[index];
      total += nonZero ? (v > 0 ? 1 : 0) : v;
    }
    return total;
  }

  /** The ring index of a day, -1 when the ring does not hold it. */
  private int index(LocalDate d) {
    if (day == null) {
      return -1;
    }
    long back = day.toEpochDay() - d.toEpochDay();
    return back >= 0 && back < DAYS ? (int) back : -1;
  }

  /** Activity events on a day the ring holds, else 0. */
  public int eventsOn(LocalDate d) {
    int index = index(d);
    return index < 0 ? 0 : dayEvents[index];
  }

  /**
   * The baseline rate as of the end of day {@code through}: the stored baseline with the days after
   * it folded in from the ring (zero where the ring has nothing), bias-corrected for a short
   * history. NaN when no day has been folded yet.
   */
  public double baselineRate(LocalDate through) {
    return baseline.foldedThrough(day, dayEvents, through).rate();
  }

  /**
   * How far the user's activity in the {@value #DRIFT_WINDOW_DAYS} complete days before {@code
   * at}'s day has fallen below their own baseline as of the day before those: 0 at or above the
   * baseline, 1 for no activity at all; 0 too while the baseline covers fewer than {@code
   * minBaselineDays} days or is below {@code minBaselineRate} events a day.
   */
  public double driftAt(Instant at, ZoneId zone, int minBaselineDays, double minBaselineRate) {
    LocalDate today = at.atZone(zone).toLocalDate();
    Baseline b = baseline.foldedThrough(day, dayEvents, today.minusDays(DRIFT_WINDOW_DAYS + 1L));
    if (b.days() < minBaselineDays || !(b.rate() >= minBaselineRate) || b.rate() <= 0) {
      return 0;
    }
    double recent = (double) events(DRIFT_WINDOW_DAYS, today.minusDays(1)) / DRIFT_WINDOW_DAYS;
    return Math.max(0, Math.min(1, 1 - recent / b.rate()));
  }

  /** The mean session length, zero before any session. */
  public Duration meanSession() {
    long count = sessions.closed() + (sessions.openedAt() == null ? 0 : 1);
    return count == 0 ? Duration.ZERO : sessions.total().dividedBy(count);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Features f
        && Objects.equals(day, f.day)
        && Arrays.equals(dayEvents, f.dayEvents)
        && Arrays.equals(daySessions, f.daySessions)
        && Arrays.equals(dayRevenueCents, f.dayRevenueCents)
        && Arrays.equals(hourOfWeek, f.hourOfWeek)
        && sessions.equals(f.sessions)
        && featuresUsed.equals(f.featuresUsed)
        && errors.equals(f.errors)
        && supportTickets.equals(f.supportTickets)
        && messages.equals(f.messages)
        && baseline.equals(f.baseline)
        && Objects.equals(returnedAt, f.returnedAt)
        && idleDaysBeforeReturn == f.idleDaysBeforeReturn;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        day,
        Arrays.hashCode(dayEvents),
        Arrays.hashCode(daySessions),
        Arrays.hashCode(dayRevenueCents),
        Arrays.hashCode(hourOfWeek),
        sessions,
        featuresUsed,
        errors,
        supportTickets,
        messages,
        baseline,
        returnedAt,
        idleDaysBeforeReturn);
  }

  @Override
  public String toString() {
    return "Features[day="
        + day
        + ", dayEvents="
        + Arrays.toString(dayEvents)
        + ", daySessions="
        + Arrays.toString(daySessions)
        + ", dayRevenueCents="
        + Arrays.toString(dayRevenueCents)
        + ", hourOfWeek="
        + Arrays.toString(hourOfWeek)
        + ", sessions="
        + sessions
        + ", featuresUsed="
        + featuresUsed
        + ", errors="
        + errors
        + ", supportTickets="
        + supportTickets
        + ", messages="
        + messages
        + ", baseline="
        + baseline
        + ", returnedAt="
        + returnedAt
        + ", idleDaysBeforeReturn="
        + idleDaysBeforeReturn
        + "]";
  }

  /**
   * Sessions: those closed (30 minutes without activity after them) and the open one.
   *
   * @param closed sessions closed
   * @param closedSeconds their total length
   * @param openedAt when the open session started, null before the first
   * @param lastAt the last activity in the open session
   */
  public record Sessions(long closed, long closedSeconds, Instant openedAt, Instant lastAt) {
    public static final Sessions NONE = new Sessions(0, 0, null, null);

    /** Total length, the open session included. */
    public Duration total() {
      Duration open = openedAt == null ? Duration.ZERO : Duration.between(openedAt, lastAt);
      return Duration.ofSeconds(closedSeconds).plus(open);
    }
  }

  /** A count and when it last happened. */
  public record Tally(long count, Instant lastAt) {
    public static final Tally NONE = new Tally(0, null);

    public Tally plus(Instant at) {
      return new Tally(count + 1, lastAt == null || at.isAfter(lastAt) ? at : lastAt);
    }
  }

  /** Messages of one channel and what the user did with them. */
  public record MessageStats(long sent, long opened, long clicked, long unsubscribed) {
    public static final MessageStats NONE = new MessageStats(0, 0, 0, 0);
  }

  /**
   * An exponentially weighted daily activity rate, before bias correction.
   *
   * @param weighted {@code sum(decay^(through - d) * events(d))} over the days folded, times {@code
   *     1 - decay}
   * @param through the last day folded, null before the first activity
   * @param days the days folded, from the first active day on
   */
  public record Baseline(double weighted, LocalDate through, int days) {
    public static final Baseline NONE = new Baseline(0, null, 0);

    /**
     * The bias-corrected rate: the average a user with a constant rate has from the first day; NaN
     * before any day.
     */
    public double rate() {
      return days == 0 ? Double.NaN : weighted / (1 - Math.pow(BASELINE_DECAY, days));
    }

    /**
     * This baseline with the days after {@code through} up to {@code last} folded in from a ring of
     * daily activity whose newest day is {@code ringDay}; days the ring does not hold count as
     * idle.
     */
    public Baseline foldedThrough(LocalDate ringDay, int[] dayEvents, LocalDate last) {
      if (through == null || !last.isAfter(through)) {
        return this;
      }
      long first = through.toEpochDay() + 1;
      long end = last.toEpochDay();
      long ringEnd = ringDay == null ? Long.MIN_VALUE : ringDay.toEpochDay();
      long ringStart = ringEnd - DAYS + 1;
      double w = weighted;
      long d = first;
      if (d < ringStart) {
        long idle = Math.min(end + 1, ringStart) - d;
        w *= Math.pow(BASELINE_DECAY, idle);
        d += idle;
      }
      for (; d <= end && d <= ringEnd; d++) {
        w = w * BASELINE_DECAY + (1 - BASELINE_DECAY) * dayEvents[(int) (ringEnd - d)];
      }
      if (d <= end) {
        w *= Math.pow(BASELINE_DECAY, end - d + 1);
      }
      return new Baseline(w, last, (int) Math.min(Integer.MAX_VALUE, days + end - first + 1));
    }
  }
}
