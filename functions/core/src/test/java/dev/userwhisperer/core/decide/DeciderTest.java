package dev.userwhisperer.core.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.learn.Attribution;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.ScheduledTask.TaskKind;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.profile.Billing;
import dev.userwhisperer.core.profile.Billing.BillingStatus;
import dev.userwhisperer.core.profile.Responsiveness;
import dev.userwhisperer.core.testing.InMemoryArmStatistics;
import dev.userwhisperer.core.testing.InMemoryDecisionLog;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.Profiles;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DeciderTest {
  /** 12:00 UTC is 13:00 in Madrid: outside quiet hours. */
  private static final Instant NOON = Instant.parse("2026-01-05T12:00:00Z");

  /** The rules alone: no holdout, and sends go now rather than at a bandit-chosen hour. */
  private static final DecisionPolicy NO_HOLDOUT =
      DecisionPolicy.DEFAULTS
          .withExplorationPercent(0)
          .withHoldoutPercent(0)
          .withSendTimeOptimised(false);

  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final InMemoryDecisionLog log = new InMemoryDecisionLog();
  private final InMemoryWarehouse warehouse = new InMemoryWarehouse();

  private Decider decider(DecisionPolicy policy) {
    return new Decider(
        profiles,
        log,
        warehouse,
        new InMemoryArmStatistics(),
        new InterventionCatalog(),
        new PriorUpliftModel(),
        policy);
  }

  private final Decider decide = decider(NO_HOLDOUT);

  private static Signal signal(String id, SignalType type, String userId, Instant at) {
    return new Signal(Signal.VERSION, id, "app1", userId, type, at, Map.of());
  }

  private static Profiles reachable(String userId) {
    return Profiles.user(userId).email(userId + "@example.com").pushToken("tok-" + userId);
  }

  private Decision decideOne(Signal s) {
    decide.apply(s);
    return log.find("app1", Ids.decisionOf(s)).orElseThrow();
  }

  @Test
  void holdoutTakesAboutTenPercentOfUsersAndAlwaysTheSameOnes() {
    List<String> users = IntStream.range(0, 10_000).mapToObj(i -> "user-" + i).toList();
    long held = users.stream().filter(u -> Decider.inHoldout("app1", u, 10)).count();
    assertThat(held).isBetween(900L, 1100L);
    assertThat(users.stream().filter(u -> Decider.inHoldout("app1", u, 10)).toList())
        .isEqualTo(users.stream().filter(u -> Decider.inHoldout("app1", u, 10)).toList());
  }

  private static String aHeldOutUser() {
    return IntStream.range(0, 1000)
        .mapToObj(i -> "user-" + i)
        .filter(u -> Decider.inHoldout("app1", u, 10))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aHeldOutUserIsRecordedWithTheWithheldWelcomeButNotMessaged() {
    String heldOut = aHeldOutUser();
    profiles.put(reachable(heldOut).build());
    Signal s = signal("s1", SignalType.SIGNED_UP, heldOut, NOON);

    List<Decision> out =
        decider(DecisionPolicy.DEFAULTS.withExplorationPercent(0).withSendTimeOptimised(false))
            .apply(s);

    assertThat(out).isEmpty();
    Decision d = log.find("app1", Ids.decisionOf(s)).orElseThrow();
    assertThat(d.outcome()).isEqualTo(Outcome.HELD_OUT);
    assertThat(d.reason()).isEqualTo(DecisionReason.HOLDOUT);
    assertThat(d.intervention()).isEqualTo("welcome");
    assertThat(d.channel()).isNull();
    assertThat(warehouse.rows(Table.DECISIONS))
        .singleElement()
        .satisfies(r -> assertThat(r).containsEntry("outcome", "HELD_OUT"));
  }

  @Test
  void aHeldOutUserStillGetsTheTransactionalPaymentFailedNotice() {
    String heldOut = aHeldOutUser();
    profiles.put(Profiles.user(heldOut).email(heldOut + "@example.com").build());

    List<Decision> out =
        decider(DecisionPolicy.DEFAULTS.withExplorationPercent(0).withSendTimeOptimised(false))
            .apply(signal("s1", SignalType.PAYMENT_FAILED, heldOut, NOON));

    assertThat(out)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.outcome()).isEqualTo(Outcome.SEND);
              assertThat(d.intervention()).isEqualTo("payment_failed");
              assertThat(d.channel()).isEqualTo(Channel.EMAIL);
            });
  }

  @Test
  void aHeldOutUserWithNothingToSendIsNotEligibleRatherThanHeldOut() {
    String heldOut = aHeldOutUser();
    profiles.put(reachable(heldOut).billing(BillingStatus.ACTIVE).build());
    Signal s = signal("s1", SignalType.TRIAL_ENDING, heldOut, NOON);

    decider(DecisionPolicy.DEFAULTS.withExplorationPercent(0).withSendTimeOptimised(false))
        .apply(s);

    assertThat(log.find("app1", Ids.decisionOf(s)).orElseThrow().reason())
        .isEqualTo(DecisionReason.ALREADY_CONVERTED);
  }

  @Test
  void anEligibleSignupIsSentNowByEmail() {
    profiles.put(Profiles.user("u1").email("u1@example.com").build());
    Signal s = signal("s1", SignalType.SIGNED_UP, "u1", NOON);

    List<Decision> out = decide.apply(s);

    assertThat(out)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.outcome()).isEqualTo(Outcome.SEND);
              assertThat(d.reason()).isEqualTo(DecisionReason.ELIGIBLE);
              assertThat(d.intervention()).isEqualTo("welcome");
              assertThat(d.channel()).isEqualTo(Channel.EMAIL);
              assertThat(d.sendAt()).isEqualTo(NOON);
              assertThat(d.decisionId()).isEqualTo(Ids.decisionOf(s));
            });
    assertThat(warehouse.rows(Table.DECISIONS)).hasSize(1);
  }

  @Test
  void aRedeliveredSignalReturnsTheRecordedDecisionWithoutCountingItAgainstTheCap() {
    profiles.put(reachable("u1").build());
    Signal s = signal("s1", SignalType.SIGNED_UP, "u1", NOON);

    List<Decision> first = decide.apply(s);
    List<Decision> again = decide.apply(s);

    assertThat(again).isEqualTo(first).hasSize(1);
    assertThat(log.all()).hasSize(1);
  }

  @Test
  void anUnsubscribedChannelIsSkippedForTheNextOne() {
    profiles.put(reachable("u1").unsubscribed(Channel.EMAIL).build());
    assertThat(decideOne(signal("s1", SignalType.SIGNED_UP, "u1", NOON)).channel())
        .isEqualTo(Channel.PUSH);
  }

  @Test
  void notEligibleUnsubscribedWhenEveryReachableChannelIsUnsubscribed() {
    profiles.put(Profiles.user("u1").email("a@b.c").unsubscribed(Channel.EMAIL).build());
    Decision d = decideOne(signal("s1", SignalType.SIGNED_UP, "u1", NOON));
    assertThat(d.outcome()).isEqualTo(Outcome.NOT_ELIGIBLE);
    assertThat(d.reason()).isEqualTo(DecisionReason.UNSUBSCRIBED);
  }

  @Test
  void notEligibleNoConsentWhenEmailIsRefusedAndSmsNeverConsented() {
    profiles.put(
        Profiles.user("u1")
            .email("a@b.c")
            .phone("+15550000000")
            .consent(Channel.EMAIL, false)
            .build());
    Decision d = decideOne(signal("s1", SignalType.PAYMENT_FAILED, "u1", NOON));
    assertThat(d.outcome()).isEqualTo(Outcome.NOT_ELIGIBLE);
    assertThat(d.reason()).isEqualTo(DecisionReason.NO_CONSENT);
  }

  @Test
  void smsNeedsExplicitConsent() {
    profiles.put(Profiles.user("u1").phone("+15550000000").consent(Channel.SMS, true).build());
    Decision d = decideOne(signal("s1", SignalType.PAYMENT_FAILED, "u1", NOON));
    assertThat(d.outcome()).isEqualTo(Outcome.SEND);
    assertThat(d.channel()).isEqualTo(Channel.SMS);
  }

  @Test
  void notEligibleNoAddressWhenTheUserCannotBeReached() {
    profiles.put(Profiles.user("u1").phone("+15550000000").consent(Channel.SMS, true).build());
    Decision d = decideOne(signal("s1", SignalType.SIGNED_UP, "u1", NOON));
    assertThat(d.outcome()).isEqualTo(Outcome.NOT_ELIGIBLE);
    assertThat(d.reason()).isEqualTo(DecisionReason.NO_ADDRESS);
    assertThat(d.intervention()).isEqualTo("welcome");
  }

  @Test
  void notEligibleAlreadyConvertedWhenTheTrialIsOver() {
    profiles.put(reachable("u1").billing(BillingStatus.ACTIVE).build());
    Decision d = decideOne(signal("s1", SignalType.TRIAL_ENDING, "u1", NOON));
    assertThat(d.outcome()).isEqualTo(Outcome.NOT_ELIGIBLE);
    assertThat(d.reason()).isEqualTo(DecisionReason.ALREADY_CONVERTED);
  }

  @Test
  void trialEndingIsSentWhileTrialing() {
    profiles.put(reachable("u1").trialing(NOON.plus(Duration.ofDays(3))).build());
    assertThat(decideOne(signal("s1", SignalType.TRIAL_ENDING, "u1", NOON)).intervention())
        .isEqualTo("trial_ending");
  }

  private static Signal trialSignal(SignalType type, Instant trialEnds, Instant at) {
    return new Signal(
        Signal.VERSION,
        Ids.signal("app1", "u1", type, trialEnds.toString()),
        "app1",
        "u1",
        type,
        at,
        Map.of("trialEndsAt", trialEnds.toString()));
  }

  /** A trial ending three days after NOON: reminded at NOON, last call two days later. */
  private static final Instant TRIAL_ENDS = NOON.plus(Duration.ofDays(3));

  private static final Instant LAST_CALL_AT = TRIAL_ENDS.minus(Billing.TRIAL_LAST_CALL_LEAD);

  @Test
  void aLastCallGoesToAUserWhoIgnoredTheTrialReminder() {
    profiles.put(reachable("u1").trialing(TRIAL_ENDS).build());
    decideOne(trialSignal(SignalType.TRIAL_ENDING, TRIAL_ENDS, NOON));

    Decision lastCall =
        decideOne(trialSignal(SignalType.TRIAL_LAST_CALL, TRIAL_ENDS, LAST_CALL_AT));

    assertThat(lastCall.outcome()).isEqualTo(Outcome.SEND);
    assertThat(lastCall.intervention()).isEqualTo("trial_ending");
  }

  @Test
  void theReminderAndItsLastCallIgnoreTheFatigueBackOff() {
    profiles.put(
        reachable("u1")
            .trialing(TRIAL_ENDS)
            .responsiveness(new Responsiveness(Map.of(), List.of(), 2))
            .build());

    Decision reminder = decideOne(trialSignal(SignalType.TRIAL_ENDING, TRIAL_ENDS, NOON));
    Decision lastCall =
        decideOne(trialSignal(SignalType.TRIAL_LAST_CALL, TRIAL_ENDS, LAST_CALL_AT));
    Decision winback =
        decideOne(signal("s1", SignalType.INACTIVE, "u1", LAST_CALL_AT.plus(Duration.ofDays(1))));

    assertThat(reminder.outcome()).isEqualTo(Outcome.SEND);
    assertThat(lastCall.outcome()).isEqualTo(Outcome.SEND);
    assertThat(winback.reason()).isEqualTo(DecisionReason.FREQUENCY_CAP);
  }

  @Test
  void aLastCallIsHeldToTheFullWeeklyCap() {
    profiles.put(reachable("u1").trialing(TRIAL_ENDS).build());
    decideOne(signal("s1", SignalType.SIGNED_UP, "u1", NOON.minus(Duration.ofDays(4))));
    decideOne(signal("s2", SignalType.FEATURE_DISCOVERY, "u1", NOON.minus(Duration.ofDays(2))));
    decideOne(trialSignal(SignalType.TRIAL_ENDING, TRIAL_ENDS, NOON));

    Decision lastCall =
        decideOne(trialSignal(SignalType.TRIAL_LAST_CALL, TRIAL_ENDS, LAST_CALL_AT));

    assertThat(lastCall.reason()).isEqualTo(DecisionReason.FREQUENCY_CAP);
  }

  @Test
  void noLastCallForAUserWhoOpenedTheTrialReminder() {
    profiles.put(reachable("u1").trialing(TRIAL_ENDS).build());
    Decision reminder = decideOne(trialSignal(SignalType.TRIAL_ENDING, TRIAL_ENDS, NOON));
    profiles.update(
        "app1",
        "u1",
        p ->
            p.withResponsiveness(
                p.responsiveness()
                    .respond(
                        Ids.outboundOf(reminder),
                        NOON.plus(Duration.ofHours(5)),
                        Attribution.DEFAULT.window())));

    Decision lastCall =
        decideOne(trialSignal(SignalType.TRIAL_LAST_CALL, TRIAL_ENDS, LAST_CALL_AT));

    assertThat(lastCall.outcome()).isEqualTo(Outcome.NOT_ELIGIBLE);
    assertThat(lastCall.reason()).isEqualTo(DecisionReason.REMINDER_ANSWERED);
    assertThat(lastCall.intervention()).isEqualTo("trial_ending");
  }

  @Test
  void aLastCallIsSentWhenTheReminderWasNot() {
    Instant trialEnds = NOON.plus(Duration.ofDays(1));
    profiles.put(reachable("u1").trialing(trialEnds).build());

    Decision lastCall = decideOne(trialSignal(SignalType.TRIAL_LAST_CALL, trialEnds, NOON));

    assertThat(lastCall.outcome()).isEqualTo(Outcome.SEND);
  }

  @Test
  void theLastCallComesWhileTheRemindersAttributionWindowIsOpen() {
    Duration lastCallAfterReminder =
        Billing.TRIAL_REMINDER_LEAD.minus(Billing.TRIAL_LAST_CALL_LEAD);

    assertThat(lastCallAfterReminder)
        .as("the reminder, sent within the send-time horizon, has gone out")
        .isGreaterThan(SendChoice.SEND_TIME_HORIZON)
        .as("and its attribution window has not closed")
        .isLessThan(Attribution.DEFAULT.window());
  }

  @Test
  void notEligibleNoInterventionToWinBackACancelledUser() {
    profiles.put(reachable("u1").billing(BillingStatus.CANCELLED).build());
    Decision d = decideOne(signal("s1", SignalType.INACTIVE, "u1", NOON));
    assertThat(d.outcome()).isEqualTo(Outcome.NOT_ELIGIBLE);
    assertThat(d.reason()).isEqualTo(DecisionReason.NO_INTERVENTION);
  }

  @Test
  void frequencyCapAllowsOnePerDayAndThreePerWeek() {
    profiles.put(reachable("u1").build());
    Decision first = decideOne(signal("s1", SignalType.INACTIVE, "u1", NOON));
    Decision sameDay =
        decideOne(signal("s2", SignalType.SIGNED_UP, "u1", NOON.plus(Duration.ofHours(3))));
    Decision nextDay =
        decideOne(signal("s3", SignalType.SIGNED_UP, "u1", NOON.plus(Duration.ofHours(25))));
    Decision third =
        decideOne(signal("s4", SignalType.SIGNED_UP, "u1", NOON.plus(Duration.ofHours(50))));
    Decision fourth =
        decideOne(signal("s5", SignalType.SIGNED_UP, "u1", NOON.plus(Duration.ofHours(100))));

    assertThat(List.of(first, sameDay, nextDay, third, fourth))
        .extracting(Decision::reason)
        .containsExactly(
            DecisionReason.ELIGIBLE,
            DecisionReason.FREQUENCY_CAP,
            DecisionReason.ELIGIBLE,
            DecisionReason.ELIGIBLE,
            DecisionReason.FREQUENCY_CAP);
  }

  @Test
  void eachDecisionReadsTheUsersMessagesOnceForTheDayAndTheWeekCaps() {
    profiles.put(reachable("u1").build());
    decideOne(signal("s1", SignalType.INACTIVE, "u1", NOON));
    Decision sameDay =
        decideOne(signal("s2", SignalType.SIGNED_UP, "u1", NOON.plus(Duration.ofHours(3))));
    Decision nextDay =
        decideOne(signal("s3", SignalType.SIGNED_UP, "u1", NOON.plus(Duration.ofHours(25))));

    assertThat(sameDay.reason()).isEqualTo(DecisionReason.FREQUENCY_CAP);
    assertThat(nextDay.reason()).isEqualTo(DecisionReason.ELIGIBLE);
    assertThat(log.messageReads()).isEqualTo(3);
  }

  @Test
  void aMessageThatWouldCrowdOutTheTrialReminderIsNotSent() {
    Instant trialEnds = NOON.plus(Duration.ofDays(5));
    profiles.put(reachable("u1").trialing(trialEnds).build());
    decideOne(signal("s1", SignalType.SIGNED_UP, "u1", NOON.minus(Duration.ofDays(3))));
    decideOne(signal("s2", SignalType.FEATURE_DISCOVERY, "u1", NOON.minus(Duration.ofHours(25))));

    Decision winback = decideOne(signal("s3", SignalType.INACTIVE, "u1", NOON));
    Decision reminder =
        decideOne(signal("s4", SignalType.TRIAL_ENDING, "u1", trialEnds.minus(Duration.ofDays(3))));

    assertThat(winback.outcome()).isEqualTo(Outcome.NOT_ELIGIBLE);
    assertThat(winback.reason()).isEqualTo(DecisionReason.RESERVED_FOR_TRIAL_ENDING);
    assertThat(winback.intervention()).isEqualTo("winback");
    assertThat(reminder.outcome()).isEqualTo(Outcome.SEND);
  }

  @Test
  void aMessageWithRoomLeftForTheTrialReminderIsSent() {
    Instant trialEnds = NOON.plus(Duration.ofDays(5));
    profiles.put(reachable("u1").trialing(trialEnds).build());
    decideOne(signal("s1", SignalType.SIGNED_UP, "u1", NOON.minus(Duration.ofDays(2))));

    Decision winback = decideOne(signal("s2", SignalType.INACTIVE, "u1", NOON));

    assertThat(winback.outcome()).isEqualTo(Outcome.SEND);
  }

  @Test
  void aMessageTheDayBeforeTheTrialReminderWouldTakeItsDailySlot() {
    Instant trialEnds = NOON.plus(Duration.ofDays(3)).plus(Duration.ofHours(20));
    profiles.put(reachable("u1").trialing(trialEnds).build());

    Decision winback = decideOne(signal("s1", SignalType.INACTIVE, "u1", NOON));

    assertThat(winback.reason()).isEqualTo(DecisionReason.RESERVED_FOR_TRIAL_ENDING);
  }

  @Test
  void aTrialReminderMoreThanACapWindowAwayReservesNothing() {
    Instant trialEnds = NOON.plus(Duration.ofDays(11));
    profiles.put(reachable("u1").trialing(trialEnds).build());
    decideOne(signal("s1", SignalType.SIGNED_UP, "u1", NOON.minus(Duration.ofDays(3))));
    decideOne(signal("s2", SignalType.FEATURE_DISCOVERY, "u1", NOON.minus(Duration.ofHours(25))));

    Decision winback = decideOne(signal("s3", SignalType.INACTIVE, "u1", NOON));

    assertThat(winback.outcome()).isEqualTo(Outcome.SEND);
  }

  @Test
  void transactionalMessagesIgnoreTheFrequencyCap() {
    profiles.put(reachable("u1").build());
    decideOne(signal("s1", SignalType.SIGNED_UP, "u1", NOON));
    Decision payment =
        decideOne(signal("s2", SignalType.PAYMENT_FAILED, "u1", NOON.plusSeconds(60)));
    assertThat(payment.outcome()).isEqualTo(Outcome.SEND);
  }

  @Test
  void quietHoursInTheUsersTimeZoneDeferUntilEightLocal() {
    profiles.put(reachable("u1").timezone("America/New_York").build());
    // 03:30 UTC is 22:30 the evening before in New York (EST, UTC-5)
    Signal s = signal("s1", SignalType.INACTIVE, "u1", Instant.parse("2026-01-06T03:30:00Z"));

    List<Decision> out = decide.apply(s);

    assertThat(out).isEmpty();
    Decision d = log.find("app1", Ids.decisionOf(s)).orElseThrow();
    assertThat(d.outcome()).isEqualTo(Outcome.DEFERRED);
    assertThat(d.reason()).isEqualTo(DecisionReason.QUIET_HOURS);
    assertThat(d.sendAt()).isEqualTo(Instant.parse("2026-01-06T13:00:00Z"));
    assertThat(profiles.scheduled())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.kind()).isEqualTo(TaskKind.RELEASE_DECISION);
              assertThat(t.dueAt()).isEqualTo(d.sendAt());
              assertThat(t.attributes()).containsEntry("decisionId", d.decisionId());
            });
  }

  @Test
  void aWelcomeAtNightGoesAtOnceTheUserHasJustSignedUp() {
    profiles.put(reachable("u1").timezone("America/New_York").build());
    Instant evening = Instant.parse("2026-01-06T03:30:00Z");

    Decision d = decideOne(signal("s1", SignalType.SIGNED_UP, "u1", evening));

    assertThat(d.outcome()).isEqualTo(Outcome.SEND);
    assertThat(d.sendAt()).isEqualTo(evening);
  }

  @Test
  void earlyMorningIsDeferredToTheSameDay() {
    profiles.put(reachable("u1").timezone("Europe/Madrid").build());
    // 05:00 UTC is 06:00 in Madrid (CET, UTC+1)
    Decision d =
        decideOne(signal("s1", SignalType.INACTIVE, "u1", Instant.parse("2026-01-06T05:00:00Z")));
    assertThat(d.sendAt()).isEqualTo(Instant.parse("2026-01-06T07:00:00Z"));
  }

  @Test
  void aDeferredDecisionAndItsReleaseCountAsOneMessage() {
    profiles.put(reachable("u1").timezone("America/New_York").build());
    Signal night = signal("s1", SignalType.INACTIVE, "u1", Instant.parse("2026-01-06T03:30:00Z"));
    decide.apply(night);
    Decision deferred = log.find("app1", Ids.decisionOf(night)).orElseThrow();
    log.record(
        DeferredRelease.of(
            deferred,
            profiles.find("app1", "u1").orElseThrow(),
            new InterventionCatalog(),
            deferred.sendAt()));

    assertThat(log.countMessagesSince("app1", "u1", Instant.parse("2026-01-01T00:00:00Z")))
        .isEqualTo(1);
  }

  @Test
  void anUnknownTimeZoneIsTreatedAsUtc() {
    profiles.put(reachable("u1").timezone("Mars/Olympus").build());
    Decision d =
        decideOne(signal("s1", SignalType.INACTIVE, "u1", Instant.parse("2026-01-06T22:00:00Z")));
    assertThat(d.outcome()).isEqualTo(Outcome.DEFERRED);
    assertThat(d.sendAt()).isEqualTo(Instant.parse("2026-01-07T08:00:00Z"));
  }

  @Test
  void quietHoursMayBeSwitchedOffAndWindowsNeedNotSpanMidnight() {
    var policy = DecisionPolicy.DEFAULTS.withExplorationPercent(0);
    assertThat(policy.isQuiet(LocalTime.of(21, 0))).isTrue();
    assertThat(policy.isQuiet(LocalTime.of(7, 59))).isTrue();
    assertThat(policy.isQuiet(LocalTime.of(8, 0))).isFalse();
    var daytime = policy.withQuietHours(LocalTime.of(12, 0), LocalTime.of(14, 0));
    assertThat(daytime.isQuiet(LocalTime.of(13, 0))).isTrue();
    assertThat(daytime.isQuiet(LocalTime.of(15, 0))).isFalse();
    var never = policy.withQuietHours(LocalTime.of(8, 0), LocalTime.of(8, 0));
    assertThat(never.isQuiet(LocalTime.of(3, 0))).isFalse();
  }

  @Test
  void aDecisionIsDatedWithTheSignalsEventTime() {
    profiles.put(reachable("u1").build());
    profiles.put(reachable("u2").timezone("America/New_York").build());
    Instant evening = Instant.parse("2026-01-06T03:30:00Z");
    Signal sendNow = signal("s1", SignalType.SIGNED_UP, "u1", NOON);
    Signal deferred = signal("s2", SignalType.INACTIVE, "u2", evening);

    assertThat(decideOne(sendNow))
        .satisfies(
            d -> {
              assertThat(d.decidedAt()).isEqualTo(NOON);
              assertThat(d.sendAt()).isEqualTo(NOON);
            });
    assertThat(decideOne(deferred))
        .satisfies(
            d -> {
              assertThat(d.decidedAt()).isEqualTo(evening);
              assertThat(d.sendAt()).isEqualTo(Instant.parse("2026-01-06T13:00:00Z"));
            });
  }

  @Test
  void replayingTheSameSignalsOnTheSameProfileDecidesTheSame() {
    profiles.put(reachable("u1").build());
    List<Signal> signals =
        List.of(
            signal("s1", SignalType.SIGNED_UP, "u1", NOON),
            signal("s2", SignalType.INACTIVE, "u1", NOON.plus(Duration.ofHours(3))),
            signal("s3", SignalType.PAYMENT_FAILED, "u1", NOON.plus(Duration.ofHours(4))));
    var replayLog = new InMemoryDecisionLog();
    var replay =
        new Decider(
            profiles,
            replayLog,
            new InMemoryWarehouse(),
            new InMemoryArmStatistics(),
            new InterventionCatalog(),
            new PriorUpliftModel(),
            NO_HOLDOUT);

    signals.forEach(decide::apply);
    signals.forEach(replay::apply);

    assertThat(replayLog.all()).isEqualTo(log.all());
  }

  @Test
  void theDecisionIdDependsOnlyOnTheSignal() {
    Signal s = signal("s1", SignalType.SIGNED_UP, "u1", NOON);
    assertThat(Ids.decisionOf(s))
        .isEqualTo(Ids.decisionOf(signal("s1", SignalType.SIGNED_UP, "u1", NOON)))
        .isNotEqualTo(Ids.decisionOf(signal("s2", SignalType.SIGNED_UP, "u1", NOON)));
  }
}
