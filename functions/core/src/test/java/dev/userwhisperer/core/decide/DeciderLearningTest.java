package dev.userwhisperer.core.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.userwhisperer.core.analyze.AnalyzePolicy;
import dev.userwhisperer.core.analyze.Analyzer;
import dev.userwhisperer.core.analyze.LifecycleRules;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.learn.Attribution;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Decision.Candidate;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.profile.ArmCounts;
import dev.userwhisperer.core.profile.Arms;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Responsiveness;
import dev.userwhisperer.core.profile.Responsiveness.Answer;
import dev.userwhisperer.core.profile.Responsiveness.PendingSend;
import dev.userwhisperer.core.testing.InMemoryArmStatistics;
import dev.userwhisperer.core.testing.InMemoryDecisionLog;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.Profiles;
import dev.userwhisperer.core.testing.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Uplift ranking, the channel and send-time bandits, adaptive fatigue and the learning loop. */
class DeciderLearningTest {
  /** A Monday; 12:00 UTC, outside quiet hours for a user in UTC. */
  private static final Instant NOON = Instant.parse("2026-01-05T12:00:00Z");

  private static final DecisionPolicy RULES =
      DecisionPolicy.DEFAULTS
          .withExplorationPercent(0)
          .withHoldoutPercent(0)
          .withSendTimeOptimised(false);
  private static final DecisionPolicy BANDITS =
      DecisionPolicy.DEFAULTS.withExplorationPercent(0).withHoldoutPercent(0);

  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final InMemoryDecisionLog log = new InMemoryDecisionLog();
  private final InMemoryWarehouse warehouse = new InMemoryWarehouse();
  private final InMemoryArmStatistics arms = new InMemoryArmStatistics();

  private Decider decider(DecisionPolicy policy, UpliftModel uplift) {
    return new Decider(profiles, log, warehouse, arms, new InterventionCatalog(), uplift, policy);
  }

  private Decision decide(Decider decider, String id, SignalType type, String user, Instant at) {
    Signal s = new Signal(Signal.VERSION, id, "app1", user, type, at, Map.of());
    decider.apply(s);
    return log.find("app1", Ids.decisionOf(s)).orElseThrow();
  }

  private static Profiles emailOnly(String user) {
    return Profiles.user(user).email(user + "@example.com");
  }

  private static Profiles emailAndPush(String user) {
    return emailOnly(user).pushToken("tok-" + user);
  }

  /** What analyze does with an open: the message is answered, and counts when its window ends. */
  private void open(String user, Decision d, Instant at) {
    profiles.update(
        "app1",
        user,
        p ->
            p.withResponsiveness(
                p.responsiveness().respond(Ids.outboundOf(d), at, Attribution.DEFAULT.window())));
  }

  @Test
  void candidatesAreRankedByExpectedUpliftBestFirst() {
    Map<String, Double> uplift = Map.of("welcome", 0.01, "winback", 0.07, "churn_save", 0.03);
    var ranked =
        InterventionRanking.rank(
            List.of(
                InterventionCatalog.WELCOME,
                InterventionCatalog.WINBACK,
                InterventionCatalog.CHURN_SAVE),
            (name, profile) -> uplift.get(name),
            Profile.empty("app1", "u1"),
            NOON,
            0,
            new SplittableRandom(1));

    assertThat(ranked)
        .extracting(r -> r.intervention().name())
        .containsExactly("winback", "churn_save", "welcome");
  }

  @Test
  void nothingIsSentWhenTheBestExpectedUpliftIsNotAboveTheMinimum() {
    profiles.put(emailOnly("u1").build());

    Decision d = decide(decider(RULES, (name, p) -> 0.0), "s1", SignalType.SIGNED_UP, "u1", NOON);

    assertThat(d.outcome()).isEqualTo(Outcome.NOT_ELIGIBLE);
    assertThat(d.reason()).isEqualTo(DecisionReason.NO_UPLIFT);
    assertThat(d.intervention()).isEqualTo("welcome");
    assertThat(d.candidates())
        .containsExactly(new Candidate("welcome", 0.0, "prior", null, 0.0, 0.0, 1.0));
    assertThat(profiles.find("app1", "u1").orElseThrow().responsiveness().pending()).isEmpty();
  }

  @Test
  void aTransactionalMessageIsSentWhateverItsExpectedUplift() {
    profiles.put(emailOnly("u1").build());

    Decision d =
        decide(decider(RULES, (name, p) -> -0.1), "s1", SignalType.PAYMENT_FAILED, "u1", NOON);

    assertThat(d.outcome()).isEqualTo(Outcome.SEND);
    assertThat(d.candidates())
        .containsExactly(new Candidate("payment_failed", -0.1, "prior", null, 0.0, -0.1, 1.0));
  }

  @Test
  void theDecisionLogsItsCandidatesArmsAndJointPropensity() {
    profiles.put(emailAndPush("u1").build());

    Decision d =
        decide(decider(BANDITS, new PriorUpliftModel()), "s1", SignalType.INACTIVE, "u1", NOON);

    assertThat(d.candidates())
        .containsExactly(
            // priors taken at their word: each draws its mean, and the tie keeps the catalog's
            // order
            new Candidate("winback", 0.02, "prior", null, 0.0, 0.02, 1.0),
            new Candidate("feature_tip", 0.02, "prior", null, 0.0, 0.02, 0.0));
    assertThat(d.channel()).isIn(Channel.EMAIL, Channel.PUSH);
    assertThat(d.channelPropensity()).isStrictlyBetween(0.0, 1.0);
    assertThat(d.hourPropensity()).isStrictlyBetween(0.0, 1.0);
    assertThat(d.variants()).containsExactly("a", "b");
    assertThat(d.variant()).isIn("a", "b");
    assertThat(d.variantPropensity()).isStrictlyBetween(0.0, 1.0);
    assertThat(d.propensity())
        .isEqualTo(d.channelPropensity() * d.hourPropensity() * d.variantPropensity());
    assertThat(d.sendHour()).isEqualTo(Arms.hourOfWeek(d.sendAt().atZone(ZoneOffset.UTC)));
    assertThat(d.channels()).containsExactly(Channel.EMAIL, Channel.PUSH);
    int noon = Arms.hourOfWeek(NOON.atZone(ZoneOffset.UTC));
    assertThat(d.hours())
        .as("now and the rest of the day to 21:00, then 08:00 to 11:00 of the next")
        .hasSize(9 + 4)
        .startsWith(noon, noon + 1)
        .contains(d.sendHour())
        .doesNotContain(noon - 1, noon + 9, noon + 19);
    assertThat(warehouse.rows(Table.DECISIONS))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row).containsEntry("channels", "email,push");
              assertThat((String) row.get("hours")).startsWith(noon + "," + (noon + 1) + ",");
              assertThat(row).containsEntry("propensity", d.propensity());
              assertThat(row).containsEntry("channel_propensity", d.channelPropensity());
              assertThat(row).containsEntry("hour_propensity", d.hourPropensity());
              assertThat(row).containsEntry("variant", d.variant());
              assertThat(row).containsEntry("variant_propensity", d.variantPropensity());
              assertThat(row).containsEntry("variants", "a,b");
              assertThat(row).containsEntry("send_hour", d.sendHour());
              assertThat((String) row.get("candidates")).contains("\"winback\"", "0.02");
            });
  }

  @Test
  void theSameSignalOnTheSameStateDecidesTheSameArms() {
    profiles.put(emailAndPush("u1").build());
    Decision first =
        decide(decider(BANDITS, new PriorUpliftModel()), "s1", SignalType.SIGNED_UP, "u1", NOON);
    var otherProfiles = new InMemoryProfileStore();
    otherProfiles.put(emailAndPush("u1").build());
    var otherLog = new InMemoryDecisionLog();
    var again =
        new Decider(
            otherProfiles,
            otherLog,
            new InMemoryWarehouse(),
            new InMemoryArmStatistics(),
            new InterventionCatalog(),
            new PriorUpliftModel(),
            BANDITS);
    Signal s = new Signal(Signal.VERSION, "s1", "app1", "u1", SignalType.SIGNED_UP, NOON, Map.of());

    again.apply(s);

    assertThat(otherLog.find("app1", Ids.decisionOf(s))).contains(first);
  }

  @Test
  void theChannelBanditConvergesOnTheChannelTheUserResponds() {
    profiles.put(emailAndPush("u1").build());
    var policy =
        new DecisionPolicy(
            0, 10, 100, RULES.quietStart(), RULES.quietEnd(), 0, 2, false, 0, 0, Map.of());
    Decider decider = decider(policy, new PriorUpliftModel());
    List<Channel> chosen = new ArrayList<>();
    for (int k = 0; k < 40; k++) {
      Instant at = NOON.plus(Duration.ofDays(4L * k));
      Decision d = decide(decider, "s" + k, SignalType.SIGNED_UP, "u1", at);
      chosen.add(d.channel());
      if (d.channel() == Channel.PUSH) {
        open("u1", d, at.plus(Duration.ofHours(1)));
      }
    }

    assertThat(chosen.subList(30, 40).stream().filter(c -> c == Channel.PUSH).count())
        .isGreaterThanOrEqualTo(9);
    Responsiveness r = profiles.find("app1", "u1").orElseThrow().responsiveness();
    assertThat(r.counts("push").failures()).isZero();
    assertThat(r.counts("email").successes()).isZero();
    assertThat(r.counts("email").failures()).isPositive();
    // the app-wide counts keep the window's weeks only; the user's own are all-time
    ArmCounts appPush = arms.counts("app1", NOON.plus(Duration.ofDays(4L * 39))).get("push");
    assertThat(appPush.successes()).isPositive().isLessThan(r.counts("push").successes());
  }

  @Test
  void aNewAppStartsFromTheBenchmarksAndSendsMostNewUsersAnEmailNotAPush() {
    Decider decider = decider(RULES, new PriorUpliftModel());
    long email = 0;
    for (int i = 0; i < 400; i++) {
      profiles.put(emailAndPush("u" + i).build());
      Decision d = decide(decider, "s" + i, SignalType.SIGNED_UP, "u" + i, NOON);
      email += d.channel() == Channel.EMAIL ? 1 : 0;
    }

    assertThat(arms.counts("app1", NOON)).isEmpty();
    assertThat(email).as("e-mails of 400 welcomes").isBetween(300L, 380L);
  }

  @Test
  void theAppsOwnOutcomesOverruleTheBenchmarks() {
    arms.add("app1", Map.of("push", new ArmCounts(60, 40), "email", new ArmCounts(5, 95)), NOON);
    Decider decider = decider(RULES, new PriorUpliftModel());
    long push = 0;
    for (int i = 0; i < 200; i++) {
      profiles.put(emailAndPush("u" + i).build());
      push +=
          decide(decider, "s" + i, SignalType.SIGNED_UP, "u" + i, NOON).channel() == Channel.PUSH
              ? 1
              : 0;
    }

    assertThat(push).as("pushes of 200 welcomes").isGreaterThan(180L);
  }

  @Test
  void theSendTimeBanditDefersToTheHourTheUserRespondsAt() {
    int mondayEvening = 18;
    Map<String, ArmCounts> counts = new HashMap<>();
    for (int h = 0; h < 24; h++) {
      counts.put(Arms.hour(h), new ArmCounts(0, 3));
      counts.put(Arms.hour(24 + h), new ArmCounts(0, 3));
    }
    counts.put(Arms.hour(mondayEvening), new ArmCounts(10, 0));
    var r = new Responsiveness(counts, List.of(), 0);
    Decider decider = decider(BANDITS, new PriorUpliftModel());
    List<Decision> decisions = new ArrayList<>();
    for (int u = 0; u < 10; u++) {
      profiles.put(emailOnly("u" + u).responsiveness(r).build());
      decisions.add(decide(decider, "s" + u, SignalType.INACTIVE, "u" + u, NOON));
    }

    assertThat(decisions.stream().filter(d -> d.sendHour() == mondayEvening).count())
        .isGreaterThanOrEqualTo(9);
    Decision evening =
        decisions.stream().filter(d -> d.sendHour() == mondayEvening).findFirst().orElseThrow();
    assertThat(evening.outcome()).isEqualTo(Outcome.DEFERRED);
    assertThat(evening.reason()).isEqualTo(DecisionReason.SEND_TIME);
    assertThat(evening.sendAt()).isEqualTo(Instant.parse("2026-01-05T18:00:00Z"));
    assertThat(evening.hourPropensity()).isGreaterThan(0.5).isLessThanOrEqualTo(1.0);
    assertThat(evening.channelPropensity()).isEqualTo(1.0);
    assertThat(profiles.scheduled())
        .anySatisfy(
            t -> {
              assertThat(t.id()).isEqualTo(Ids.releaseTask(evening.decisionId()));
              assertThat(t.dueAt()).isEqualTo(evening.sendAt());
            });
  }

  @Test
  void aLastCallChoosesOnlyAmongHoursThatLeaveTheUserTimeToActBeforeTheTrialEnds() {
    Instant trialEnds = Instant.parse("2026-01-07T08:00:00Z");
    Instant lastCallAt = trialEnds.minus(Duration.ofDays(1));
    Instant latest = trialEnds.minus(SendChoice.DEADLINE_NOTICE);
    profiles.put(
        emailOnly("u1").trialing(trialEnds).features(ActiveHoursTest.activeAt(20, 3)).build());
    profiles.put(
        emailOnly("u2").trialing(trialEnds).features(ActiveHoursTest.activeAt(20, 3)).build());
    Decider decider = decider(BANDITS, new PriorUpliftModel());

    Decision lastCall = decide(decider, "s1", SignalType.TRIAL_LAST_CALL, "u1", lastCallAt);
    Decision inactive = decide(decider, "s2", SignalType.INACTIVE, "u2", lastCallAt);

    int tuesdayEight = Arms.hourOfWeek(lastCallAt.atZone(ZoneOffset.UTC));
    assertThat(lastCall.hours())
        .as("08:00 to 19:00: 20:00 would leave the user less than half a day")
        .hasSize(12)
        .startsWith(tuesdayEight)
        .doesNotContain(tuesdayEight + 12);
    assertThat(lastCall.sendAt()).isBefore(latest);
    assertThat(inactive.hours())
        .as("no deadline: the next day's hours")
        .contains(tuesdayEight + 12);
  }

  @Test
  void aWelcomeGoesAtOnceWhileTheUserIsInTheAppNotAtAChosenHour() {
    int mondayEvening = 18;
    Map<String, ArmCounts> counts = new HashMap<>();
    counts.put(Arms.hour(mondayEvening), new ArmCounts(10, 0));
    profiles.put(emailOnly("u1").responsiveness(new Responsiveness(counts, List.of(), 0)).build());

    Decision d =
        decide(decider(BANDITS, new PriorUpliftModel()), "s1", SignalType.SIGNED_UP, "u1", NOON);

    assertThat(d.outcome()).isEqualTo(Outcome.SEND);
    assertThat(d.sendAt()).isEqualTo(NOON);
    assertThat(d.hourPropensity()).isEqualTo(1.0);
    assertThat(d.hours()).as("the hour was not the bandit's choice").isEmpty();
    assertThat(d.channels()).containsExactly(Channel.EMAIL);
  }

  @Test
  void beforeAnyResponseTheSendTimeLeansTowardsTheHoursTheUserIsActive() {
    int mondayEvening = 20;
    Decider decider = decider(BANDITS, new PriorUpliftModel());
    List<Decision> decisions = new ArrayList<>();
    for (int u = 0; u < 20; u++) {
      profiles.put(emailOnly("u" + u).features(ActiveHoursTest.activeAt(20, 3)).build());
      decisions.add(decide(decider, "s" + u, SignalType.INACTIVE, "u" + u, NOON));
    }

    assertThat(decisions)
        .filteredOn(d -> Math.abs(d.sendHour() - mondayEvening) <= 1)
        .hasSizeGreaterThanOrEqualTo(10);
  }

  @Test
  void quietHoursStillWinOverTheChosenSendTime() {
    profiles.put(emailOnly("u1").build());

    Decision d =
        decide(
            decider(BANDITS, new PriorUpliftModel()),
            "s1",
            SignalType.INACTIVE,
            "u1",
            Instant.parse("2026-01-05T23:30:00Z"));

    assertThat(d.outcome()).isEqualTo(Outcome.DEFERRED);
    assertThat(d.reason()).isEqualTo(DecisionReason.QUIET_HOURS);
    var local = d.sendAt().atZone(ZoneOffset.UTC).toLocalTime();
    assertThat(BANDITS.isQuiet(local)).isFalse();
    assertThat(d.sendAt())
        .isBetween(Instant.parse("2026-01-06T08:00:00Z"), Instant.parse("2026-01-06T20:00:00Z"));
  }

  @Test
  void theWeeklyCapHalvesEveryTwoIgnoredMessagesDownToOnePerTwoWeeks() {
    var policy = DecisionPolicy.DEFAULTS.withExplorationPercent(0);
    assertThat(policy.fatigueCap(0)).isEqualTo(new DecisionPolicy.Cap(3, DecisionPolicy.WEEK));
    assertThat(policy.fatigueCap(1)).isEqualTo(new DecisionPolicy.Cap(3, DecisionPolicy.WEEK));
    assertThat(policy.fatigueCap(2)).isEqualTo(new DecisionPolicy.Cap(1, DecisionPolicy.WEEK));
    assertThat(policy.fatigueCap(3)).isEqualTo(new DecisionPolicy.Cap(1, DecisionPolicy.WEEK));
    assertThat(policy.fatigueCap(4))
        .isEqualTo(new DecisionPolicy.Cap(1, DecisionPolicy.FLOOR_WINDOW));
    assertThat(policy.fatigueCap(50))
        .isEqualTo(new DecisionPolicy.Cap(1, DecisionPolicy.FLOOR_WINDOW));
  }

  @Test
  void ignoredMessagesBackTheCapOffAndAnOpenRestoresIt() {
    profiles.put(emailOnly("u1").build());
    Decider decider = decider(RULES, new PriorUpliftModel());
    Duration day = Duration.ofDays(1);

    assertThat(decide(decider, "s0", SignalType.INACTIVE, "u1", NOON).outcome())
        .isEqualTo(Outcome.SEND);
    assertThat(
            decide(decider, "s1", SignalType.INACTIVE, "u1", NOON.plus(day.multipliedBy(4)))
                .outcome())
        .isEqualTo(Outcome.SEND);
    Decision capped =
        decide(decider, "s2", SignalType.INACTIVE, "u1", NOON.plus(day.multipliedBy(8)));
    assertThat(capped.reason()).isEqualTo(DecisionReason.FREQUENCY_CAP);
    assertThat(profiles.find("app1", "u1").orElseThrow().responsiveness().ignoredStreak())
        .isEqualTo(2);

    Decision third =
        decide(decider, "s3", SignalType.INACTIVE, "u1", NOON.plus(day.multipliedBy(12)));
    assertThat(third.outcome()).isEqualTo(Outcome.SEND);
    Instant twoDaysLater = NOON.plus(day.multipliedBy(14));
    assertThat(decide(decider, "s4", SignalType.INACTIVE, "u1", twoDaysLater).reason())
        .isEqualTo(DecisionReason.FREQUENCY_CAP);

    open("u1", third, NOON.plus(day.multipliedBy(12)).plus(Duration.ofHours(2)));
    assertThat(profiles.find("app1", "u1").orElseThrow().responsiveness().ignoredStreak()).isZero();
    assertThat(
            decide(decider, "s5", SignalType.INACTIVE, "u1", twoDaysLater.plusSeconds(60))
                .outcome())
        .isEqualTo(Outcome.SEND);
  }

  @Test
  void aRedeliveredSignalAddsItsMessageToThePendingOnce() {
    profiles.put(emailOnly("u1").build());
    Decider decider = decider(RULES, new PriorUpliftModel());
    Signal s = new Signal(Signal.VERSION, "s1", "app1", "u1", SignalType.SIGNED_UP, NOON, Map.of());

    decider.apply(s);
    decider.apply(s);

    assertThat(profiles.find("app1", "u1").orElseThrow().responsiveness().pending())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.outboundId()).isEqualTo(Ids.outbound(Ids.decisionOf(s)));
              assertThat(p.channel()).isEqualTo(Channel.EMAIL);
              assertThat(p.hourOfWeek()).isEqualTo(12);
            });
  }

  @Test
  void anOpenCountsOnceForTheUserAndTheAppWhenItsWindowEndsHoweverOftenItIsDelivered() {
    String messageId = "m1";
    profiles.put(
        emailOnly("u1")
            .responsiveness(
                Responsiveness.NONE.withPending(
                    new PendingSend(messageId, Channel.EMAIL, 12, NOON)))
            .build());
    Instant windowEnd = NOON.plus(Attribution.DEFAULT.window());
    var clock = new MutableClock(NOON.plus(Duration.ofHours(2)));
    var analyzer =
        new Analyzer(
            profiles,
            warehouse,
            arms,
            new LifecycleRules(LifecycleThresholds.DEFAULTS),
            AnalyzePolicy.DEFAULTS,
            clock);
    var opened =
        TestEvents.event(EventTypes.EMAIL_OPENED)
            .id("fb:m1:open")
            .at(NOON.plus(Duration.ofHours(1)))
            .prop(EventTypes.OUTBOUND_ID, messageId)
            .prop("channel", "email")
            .build();
    var clickedToo =
        TestEvents.event(EventTypes.EMAIL_CLICKED)
            .id("fb:m1:click")
            .at(NOON.plus(Duration.ofHours(1)))
            .prop(EventTypes.OUTBOUND_ID, messageId)
            .prop("channel", "email")
            .build();
    var nextSession =
        TestEvents.event(EventTypes.SESSION_STARTED).id("s1").at(windowEnd.plusSeconds(60)).build();

    analyzer.apply(TestEvents.batch("b1", opened));
    analyzer.apply(TestEvents.batch("b1", opened));
    analyzer.apply(TestEvents.batch("b2", clickedToo));
    Responsiveness answered = profiles.find("app1", "u1").orElseThrow().responsiveness();
    clock.set(windowEnd.plusSeconds(120));
    analyzer.apply(TestEvents.batch("b3", nextSession));
    analyzer.apply(TestEvents.batch("b4", opened));

    assertThat(answered.pending())
        .singleElement()
        .extracting(PendingSend::answered)
        .isEqualTo(true);
    assertThat(answered.arms()).isEmpty();
    assertThat(answered.ignoredStreak()).isZero();
    Responsiveness r = profiles.find("app1", "u1").orElseThrow().responsiveness();
    assertThat(r.pending()).isEmpty();
    assertThat(r.counts("email")).isEqualTo(new ArmCounts(1, 0));
    assertThat(r.counts(Arms.hour(12))).isEqualTo(new ArmCounts(1, 0));
    assertThat(arms.counts("app1", windowEnd))
        .containsOnly(
            Map.entry("email", new ArmCounts(1, 0)), Map.entry(Arms.hour(12), new ArmCounts(1, 0)));
  }

  @Test
  void aConversionAnswersTheLatestMessageAndCountsForItsArmsAndALateOpenAnswersNothing() {
    Responsiveness r =
        Responsiveness.NONE
            .withPending(new PendingSend("m1", Channel.EMAIL, 12, NOON))
            .withPending(new PendingSend("m2", Channel.PUSH, 13, NOON.plusSeconds(3600)));
    Duration window = Attribution.DEFAULT.window();

    Responsiveness converted = r.convert(NOON.plusSeconds(7200), window);
    assertThat(converted.pending())
        .extracting(PendingSend::outboundId, PendingSend::answer)
        .containsExactly(tuple("m1", Answer.NONE), tuple("m2", Answer.CONVERTED));
    var settled = converted.settleExpired(NOON.plus(window).plus(Duration.ofHours(2)), window);
    assertThat(settled.added())
        .containsOnly(
            Map.entry("email", ArmCounts.FAILURE),
            Map.entry(Arms.hour(12), ArmCounts.FAILURE),
            Map.entry("push", ArmCounts.SUCCESS),
            Map.entry(Arms.hour(13), ArmCounts.SUCCESS));
    assertThat(settled.next().pending()).isEmpty();
    assertThat(settled.next().ignoredStreak()).isEqualTo(1);

    assertThat(r.respond("m1", NOON.plus(window).plusSeconds(1), window)).isEqualTo(r);
    var expired = r.settleExpired(NOON.plus(window).plus(Duration.ofHours(2)), window);
    assertThat(expired.next().ignoredStreak()).isEqualTo(2);
    assertThat(expired.next().counts("email")).isEqualTo(ArmCounts.FAILURE);
  }

  @Test
  void theFailuresOfExpiredMessagesAreCountedOnceAtTheNextDecision() {
    profiles.put(emailOnly("u1").build());
    Decider decider = decider(RULES, new PriorUpliftModel());
    decide(decider, "s0", SignalType.SIGNED_UP, "u1", NOON);
    Signal later =
        new Signal(
            Signal.VERSION,
            "s1",
            "app1",
            "u1",
            SignalType.INACTIVE,
            NOON.plus(Duration.ofDays(5)),
            Map.of());

    decider.apply(later);
    decider.apply(later);

    assertThat(arms.counts("app1", NOON.plus(Duration.ofDays(5))))
        .containsEntry("email", ArmCounts.FAILURE);
    assertThat(profiles.find("app1", "u1").orElseThrow().responsiveness().counts("email"))
        .isEqualTo(ArmCounts.FAILURE);
  }

  /** A user active every other day of the two weeks before, as analyze folds their logins. */
  private Profile activeEveryOtherDay(String user, Instant until) {
    List<dev.userwhisperer.core.message.Event> logins = new java.util.ArrayList<>();
    for (int day = 14; day >= 2; day -= 2) {
      logins.add(
          dev.userwhisperer.core.testing.TestEvents.event("user_login")
              .user(user)
              .at(until.minus(java.time.Duration.ofDays(day)))
              .build());
    }
    Profile folded =
        new dev.userwhisperer.core.analyze.ProfileUpdater(
                new dev.userwhisperer.core.analyze.LifecycleRules(
                    dev.userwhisperer.core.analyze.LifecycleThresholds.DEFAULTS))
            .apply(emailOnly(user).build(), logins)
            .profile();
    return folded;
  }

  @Test
  void aSentMessageCarriesHowLikelyTheUserWasToBeActiveInItsWindowAnyway() {
    profiles.put(activeEveryOtherDay("u1", NOON));
    profiles.put(emailOnly("u2").firstSeen(NOON.minus(java.time.Duration.ofDays(2))).build());

    decide(decider(RULES, new PriorUpliftModel()), "s1", SignalType.INACTIVE, "u1", NOON);
    decide(decider(RULES, new PriorUpliftModel()), "s2", SignalType.INACTIVE, "u2", NOON);

    // 7 active days of the 14 complete days before: 1 - (1 - 0.5)^3
    assertThat(profiles.find("app1", "u1").orElseThrow().responsiveness().pending())
        .singleElement()
        .satisfies(p -> assertThat(p.expectedActive()).isCloseTo(0.875, within(1e-9)));
    // seen 2 days: too new to judge
    assertThat(profiles.find("app1", "u2").orElseThrow().responsiveness().pending())
        .singleElement()
        .satisfies(p -> assertThat(p.expectedActive()).isNull());
  }
}
