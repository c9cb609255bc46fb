package dev.userwhisperer.core.analyze;

import static dev.userwhisperer.core.testing.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.profile.Features;
import dev.userwhisperer.core.profile.Features.MessageStats;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Responsiveness;
import dev.userwhisperer.core.profile.Responsiveness.PendingSend;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FeaturesTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private static final LifecycleThresholds THRESHOLDS = LifecycleThresholds.DEFAULTS;
  private final ProfileUpdater updater = new ProfileUpdater(new LifecycleRules(THRESHOLDS));

  private Profile fold(String zone, List<Instant> activity) {
    List<Event> events = new ArrayList<>();
    if (zone != null) {
      events.add(
          event(EventTypes.IDENTIFY)
              .id("tz")
              .at(activity.get(0).minusSeconds(1))
              .trait("timezone", zone)
              .build());
    }
    activity.forEach(t -> events.add(event(EventTypes.PAGE_VIEWED).at(t).build()));
    return updater.apply(Profile.empty("app1", "u1"), events).profile();
  }

  static Stream<Arguments> windows() {
    return Stream.of(
        Arguments.of(
            "either side of midnight UTC is two days",
            "UTC",
            List.of("2026-01-05T23:30:00Z", "2026-01-06T00:30:00Z"),
            "2026-01-06",
            2,
            2,
            1,
            1),
        Arguments.of(
            "the same two instants are one evening in New York",
            "America/New_York",
            List.of("2026-01-05T23:30:00Z", "2026-01-06T00:30:00Z"),
            "2026-01-05",
            2,
            1,
            2,
            1),
        Arguments.of(
            "after midnight in Tokyo they are the next day",
            "Asia/Tokyo",
            List.of("2026-01-05T15:30:00Z", "2026-01-05T16:00:00Z"),
            "2026-01-06",
            2,
            1,
            2,
            1),
        Arguments.of(
            "Madrid across the spring DST change: 00:30 local on the 29th and the 30th",
            "Europe/Madrid",
            List.of("2026-03-28T23:30:00Z", "2026-03-29T22:30:00Z"),
            "2026-03-30",
            2,
            2,
            1,
            1),
        Arguments.of(
            "Madrid across the autumn DST change: 23:30 local on the 24th and the 25th",
            "Europe/Madrid",
            List.of("2026-10-24T21:30:00Z", "2026-10-25T22:30:00Z"),
            "2026-10-25",
            2,
            2,
            1,
            1),
        Arguments.of(
            "a day 27 days back is in the 28-day window",
            "UTC",
            List.of("2026-01-01T12:00:00Z", "2026-01-28T12:00:00Z"),
            "2026-01-28",
            2,
            2,
            1,
            1),
        Arguments.of(
            "a day 28 days back is not",
            "UTC",
            List.of("2026-01-01T12:00:00Z", "2026-01-29T12:00:00Z"),
            "2026-01-29",
            1,
            1,
            1,
            1),
        Arguments.of(
            "a day 6 days back is in the 7-day window",
            "UTC",
            List.of("2026-01-01T12:00:00Z", "2026-01-07T12:00:00Z", "2026-01-07T13:00:00Z"),
            "2026-01-07",
            3,
            2,
            2,
            1),
        Arguments.of(
            "a ring left far behind holds only the newest day",
            "UTC",
            List.of("2026-01-01T12:00:00Z", "2026-03-01T12:00:00Z"),
            "2026-03-01",
            1,
            1,
            1,
            1),
        Arguments.of(
            "windows as of a later day count nothing newer",
            "UTC",
            List.of("2026-01-01T12:00:00Z", "2026-01-03T12:00:00Z"),
            "2026-01-10",
            2,
            2,
            0,
            0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("windows")
  void windowsCountDaysInTheUsersTimeZone(
      String title,
      String zone,
      List<String> at,
      String asOf,
      long events28,
      long activeDays28,
      long events1,
      long activeDays1) {
    Features f = fold(zone, at.stream().map(Instant::parse).toList()).features();
    LocalDate day = LocalDate.parse(asOf);

    assertThat(f.events(28, day)).isEqualTo(events28);
    assertThat(f.activeDays(28, day)).isEqualTo(activeDays28);
    assertThat(f.events(1, day)).isEqualTo(events1);
    assertThat(f.activeDays(1, day)).isEqualTo(activeDays1);
  }

  static Stream<Arguments> hours() {
    return Stream.of(
        Arguments.of("UTC", "2026-01-05T00:10:00Z", 0),
        Arguments.of("UTC", "2026-01-11T23:59:00Z", 167),
        Arguments.of("Europe/Madrid", "2026-01-05T08:15:00Z", 9),
        Arguments.of("Europe/Madrid", "2026-07-06T08:15:00Z", 10),
        Arguments.of("America/Los_Angeles", "2026-01-05T07:00:00Z", 6 * 24 + 23));
  }

  @ParameterizedTest(name = "{1} in {0} → bucket {2}")
  @MethodSource("hours")
  void activityLandsInTheLocalHourOfTheWeek(String zone, String at, int bucket) {
    int[] histogram = fold(zone, List.of(Instant.parse(at))).features().hourOfWeek();
    assertThat(histogram).hasSize(Features.HOURS_OF_WEEK);
    assertThat(histogram[bucket]).isEqualTo(1);
    assertThat(IntStream.of(histogram).sum()).isEqualTo(1);
  }

  @Test
  void sessionsHaveACountATotalAndAMeanLength() {
    Features f =
        fold(
                null,
                List.of(
                    T,
                    T.plus(Duration.ofMinutes(10)),
                    T.plus(Duration.ofMinutes(20)),
                    T.plus(Duration.ofHours(2)),
                    T.plus(Duration.ofMinutes(125))))
            .features();

    assertThat(f.sessions().closed()).isEqualTo(1);
    assertThat(f.sessions().total()).isEqualTo(Duration.ofMinutes(25));
    assertThat(f.meanSession()).isEqualTo(Duration.ofSeconds(750));
    assertThat(f.sessionsIn(1, LocalDate.parse("2026-01-05"))).isEqualTo(2);
  }

  /** {@code perDay[i]} activity events on day i, spread over the day from 08:00 UTC. */
  private Profile daily(int... perDay) {
    Profile p = Profile.empty("app1", "u1");
    for (int d = 0; d < perDay.length; d++) {
      List<Event> day = new ArrayList<>();
      for (int i = 0; i < perDay[d]; i++) {
        Instant at =
            T.plus(Duration.ofDays(d)).minus(Duration.ofHours(4)).plus(Duration.ofMinutes(40L * i));
        day.add(event(EventTypes.FEATURE_USED).at(at).build());
      }
      p = updater.apply(p, day).profile();
    }
    return p;
  }

  private static int[] days(int count, int events) {
    return IntStream.range(0, count).map(i -> events).toArray();
  }

  private static int[] concat(int[] a, int[] b) {
    return IntStream.concat(IntStream.of(a), IntStream.of(b)).toArray();
  }

  private double driftTheDayAfter(Profile p, int days) {
    Instant next = T.plus(Duration.ofDays(days)).minus(Duration.ofHours(11));
    return p.features()
        .driftAt(
            next,
            ZoneId.of("UTC"),
            THRESHOLDS.driftMinBaselineDays(),
            THRESHOLDS.driftMinBaselineRate());
  }

  static Stream<Arguments> drift() {
    return Stream.of(
        Arguments.of(
            "10 a day for six weeks, then 5 a day for a week",
            concat(days(42, 10), days(7, 5)),
            49,
            0.5),
        Arguments.of("always 5 a day", days(49, 5), 49, 0.0),
        Arguments.of("5 a day, then twice as busy", concat(days(42, 5), days(7, 10)), 49, 0.0),
        Arguments.of("6 a day, as of the next day", days(30, 6), 30, 0.0),
        Arguments.of("6 a day, stopped three days ago (no new events)", days(30, 6), 33, 3.0 / 7),
        Arguments.of("6 a day, stopped a week ago (no new events)", days(30, 6), 37, 1.0),
        Arguments.of(
            "a baseline of 10 days is too short", concat(days(3, 10), days(7, 1)), 10, 0.0),
        Arguments.of(
            "one event every other day, then none: under the minimum baseline rate",
            concat(IntStream.range(0, 42).map(i -> i % 2).toArray(), days(7, 0)),
            49,
            0.0));
  }

  @ParameterizedTest(name = "{0} → {3}")
  @MethodSource("drift")
  void driftIsTheFallOfTheLastWeekBelowTheUsersOwnBaseline(
      String title, int[] perDay, int asOfDay, double expected) {
    assertThat(driftTheDayAfter(daily(perDay), asOfDay)).isCloseTo(expected, within(0.02));
  }

  @Test
  void theBaselineMovesHalfwayToANewRateInTwoWeeks() {
    Profile p = daily(concat(days(60, 10), days(14, 2)));
    double rate = p.features().baselineRate(LocalDate.parse("2026-01-05").plusDays(73));
    double decay = Features.BASELINE_DECAY;
    double corrected =
        (10 * Math.pow(decay, 14) * (1 - Math.pow(decay, 60)) + 2 * (1 - Math.pow(decay, 14)))
            / (1 - Math.pow(decay, 74));
    assertThat(corrected).isCloseTo(5.9, within(0.01));
    assertThat(rate).isCloseTo(corrected, within(1e-9));
  }

  @Test
  void adoptionErrorsTicketsMessagesAndRevenueAreCounted() {
    List<Event> events = new ArrayList<>();
    IntStream.range(0, 70)
        .forEach(
            i ->
                events.add(
                    event(EventTypes.FEATURE_USED)
                        .at(T.plusSeconds(i))
                        .prop("feature", "f" + (100 + i))
                        .build()));
    events.add(
        event(EventTypes.FEATURE_USED)
            .id("again")
            .at(T.plusSeconds(100))
            .prop("feature", "f100")
            .build());
    events.add(event(EventTypes.ERROR_ENCOUNTERED).at(T.plusSeconds(200)).build());
    events.add(event(EventTypes.ERROR_ENCOUNTERED).at(T.plusSeconds(300)).build());
    events.add(event(EventTypes.SUPPORT_TICKET_CREATED).at(T.plusSeconds(400)).build());
    events.add(event(EventTypes.EMAIL_SENT).at(T.plusSeconds(500)).build());
    events.add(event(EventTypes.EMAIL_SENT).at(T.plusSeconds(501)).build());
    events.add(event(EventTypes.EMAIL_OPENED).at(T.plusSeconds(502)).build());
    events.add(event(EventTypes.EMAIL_CLICKED).at(T.plusSeconds(503)).build());
    events.add(
        event(EventTypes.NOTIFICATION_SENT).at(T.plusSeconds(504)).prop("channel", "push").build());
    events.add(event(EventTypes.PUSH_OPENED).at(T.plusSeconds(505)).build());
    events.add(event(EventTypes.SMS_SENT).at(T.plusSeconds(506)).build());
    events.add(event(EventTypes.SMS_CLICKED).at(T.plusSeconds(507)).build());
    events.add(
        event(EventTypes.MESSAGE_UNSUBSCRIBED)
            .at(T.plusSeconds(508))
            .prop("channel", "sms")
            .build());
    events.add(
        event(EventTypes.PAYMENT_SUCCEEDED).at(T.plusSeconds(600)).prop("amount", 29.99).build());
    events.add(
        event(EventTypes.SUBSCRIPTION_UPGRADED)
            .at(T.plusSeconds(601))
            .prop("revenue", "10")
            .build());
    events.add(
        event(EventTypes.PAYMENT_SUCCEEDED)
            .at(T.minus(Duration.ofDays(3)))
            .prop("amount", 5)
            .build());
    Features f = updater.apply(Profile.empty("app1", "u1"), events).profile().features();

    assertThat(f.featuresUsed()).hasSize(Features.MAX_FEATURES).startsWith("f100").isSorted();
    assertThat(f.errors().count()).isEqualTo(2);
    assertThat(f.errors().lastAt()).isEqualTo(T.plusSeconds(300));
    assertThat(f.supportTickets().count()).isEqualTo(1);
    assertThat(f.messages())
        .containsEntry(Channel.EMAIL, new MessageStats(2, 1, 1, 0))
        .containsEntry(Channel.PUSH, new MessageStats(1, 1, 0, 0))
        .containsEntry(Channel.SMS, new MessageStats(1, 0, 1, 1));
    LocalDate today = LocalDate.parse("2026-01-05");
    assertThat(f.revenueCents(1, today)).isEqualTo(3999);
    assertThat(f.revenueCents(7, today)).isEqualTo(4499);
  }

  @Test
  void theFeatureVectorNamesBillingAndWindowFeatures() {
    Profile p =
        updater
            .apply(
                Profile.empty("app1", "u1"),
                List.of(
                    event(EventTypes.TRIAL_STARTED).at(T).prop("trialDays", 14).build(),
                    event(EventTypes.PAYMENT_FAILED).at(T.plusSeconds(1)).build(),
                    event(EventTypes.PAGE_VIEWED).at(T.plusSeconds(2)).build()))
            .profile();

    var v = FeatureVector.of(p, T.plus(Duration.ofDays(4)), THRESHOLDS);
    assertThat(v.get("failed_payments")).isEqualTo(1.0);
    assertThat(v.get("features_share")).isEqualTo(-1.0);
    assertThat(v.get("events_7d")).isEqualTo(1.0);
    assertThat(v.get("events_1d")).isZero();
    assertThat(v.get("days_since_active")).isCloseTo(4.0, within(0.001));
    assertThat(v.get("trial_days_left")).isCloseTo(-1.0, within(0.001));
    Profile trialing =
        updater
            .apply(
                Profile.empty("app1", "u1"),
                List.of(event(EventTypes.TRIAL_STARTED).at(T).prop("trialDays", 14).build()))
            .profile();
    assertThat(
            FeatureVector.of(trialing, T.plus(Duration.ofDays(4)), THRESHOLDS)
                .get("trial_days_left"))
        .isCloseTo(10.0, within(0.001));
  }

  @Test
  void theUsersOwnResponseHistoryIsReadFromTheirSettledMessagesAgainstTheirOwnHourlyRate() {
    Profile sent =
        Profile.empty("app1", "u1")
            .withResponsiveness(
                Responsiveness.NONE
                    .withPending(new PendingSend("m1", Channel.EMAIL, 12, T))
                    .withPending(new PendingSend("m2", Channel.PUSH, 12, T.plusSeconds(60)))
                    .withPending(new PendingSend("m3", Channel.EMAIL, 12, T.plusSeconds(120))));
    List<Event> answers =
        List.of(
            event(EventTypes.SESSION_STARTED).at(T.minus(Duration.ofDays(2))).build(),
            event(EventTypes.EMAIL_OPENED).at(T.plusSeconds(600)).prop("outboundId", "m1").build(),
            event(EventTypes.SESSION_STARTED).at(T.plusSeconds(1200)).build(),
            event(EventTypes.PUSH_OPENED).at(T.plusSeconds(7200)).prop("outboundId", "m2").build(),
            event(EventTypes.MESSAGE_UNSUBSCRIBED)
                .at(T.plusSeconds(7300))
                .prop("channel", "email")
                .build());
    Profile answered = updater.apply(sent, answers).profile();
    Instant later = T.plus(Duration.ofDays(4));
    Profile settled =
        updater.apply(answered, List.of(event(EventTypes.PAGE_VIEWED).at(later).build())).profile();

    var v = FeatureVector.of(settled, later, THRESHOLDS);
    double hourly =
        FeatureVector.hourlySessionChance(
            settled, settled.features(), later.atZone(ZoneId.of("UTC")).toLocalDate(), later);

    assertThat(v.get("own_answered")).isEqualTo(2.0);
    assertThat(v.get("own_returns")).isCloseTo(0.5 - hourly, within(1e-12));
    // three sessions (two days before the messages, one after the open, the page view at the
    // end) over six days
    assertThat(hourly).isCloseTo(1 - Math.exp(-3 / (6 * 24.0)), within(1e-12));
    assertThat(v.get("own_conversions")).isZero();
    assertThat(v.get("own_unsubscribes")).isEqualTo(1.0);
    assertThat(FeatureVector.of(sent, T, THRESHOLDS))
        .containsEntry("own_answered", 0.0)
        .containsEntry("own_returns", 0.0)
        .containsEntry("own_unsubscribes", 0.0);
  }

  @Test
  void adoptionIsAShareOfTheAppsCatalogueWhenItIsKnown() {
    Profile p =
        updater
            .apply(
                Profile.empty("app1", "u1"),
                List.of(
                    event(EventTypes.IDENTIFY)
                        .at(T)
                        .trait(EngagementScore.CATALOG_TRAIT, 8)
                        .build(),
                    event(EventTypes.FEATURE_USED)
                        .at(T.plusSeconds(1))
                        .prop("feature", "export")
                        .build(),
                    event(EventTypes.FEATURE_USED)
                        .at(T.plusSeconds(2))
                        .prop("feature", "share")
                        .build()))
            .profile();

    assertThat(FeatureVector.of(p, T.plusSeconds(3), THRESHOLDS).get("features_share"))
        .isEqualTo(0.25);
    assertThat(p.insights().engagementTop()).isNotEmpty();
  }

  @Test
  void aProfileWithFeaturesRoundTripsThroughJsonAndAnOldDocumentReadsAsNone() {
    Profile p = daily(days(30, 3));
    byte[] json = Json.encode(p);
    assertThat(Json.decode(json, Profile.class)).isEqualTo(p);
    assertThat(json.length).isLessThan(16_000);

    String old =
        "{\"appId\":\"app1\",\"userId\":\"u1\",\"lifecycle\":\"ACTIVATED\",\"recentMessageIds\":[]}";
    Profile decoded = Json.decode(old.getBytes(StandardCharsets.UTF_8), Profile.class);
    assertThat(decoded.features()).isEqualTo(Features.NONE);
  }
}
