package dev.userwhisperer.core.analyze;

import static dev.userwhisperer.core.testing.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.profile.ArmCounts;
import dev.userwhisperer.core.profile.Billing.BillingStatus;
import dev.userwhisperer.core.profile.LifecycleStage;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Responsiveness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProfileUpdaterTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private final ProfileUpdater updater =
      new ProfileUpdater(new LifecycleRules(LifecycleThresholds.DEFAULTS));

  private Profile fold(Event... events) {
    return updater.apply(Profile.empty("app1", "u1"), List.of(events)).profile();
  }

  @Test
  void identifyTraitsFillReachabilityAndPushTokenIsNormalised() {
    Profile p =
        fold(
            event(EventTypes.IDENTIFY)
                .at(T)
                .trait("email", "ana@example.com")
                .trait("phone", "+34600000000")
                .trait("push_token", "tok")
                .trait("firstName", "Ana")
                .trait("plan", "pro")
                .trait("consent", Map.of("email", true, "sms", true, "push", false))
                .build());

    assertThat(p.trait("firstName")).isEqualTo("Ana");
    assertThat(p.trait("pushToken")).isEqualTo("tok");
    assertThat(p.reachability().email()).isEqualTo("ana@example.com");
    assertThat(p.reachability().phone()).isEqualTo("+34600000000");
    assertThat(p.reachability().pushToken()).isEqualTo("tok");
    assertThat(p.reachability().consent())
        .containsEntry(Channel.EMAIL, true)
        .containsEntry(Channel.SMS, true)
        .containsEntry(Channel.PUSH, false);
  }

  @Test
  void contextLocaleAndTimezoneFillTraitsOnlyWhenAbsent() {
    Profile p =
        fold(
            event(EventTypes.PAGE_VIEWED)
                .at(T)
                .context("locale", "es-MX")
                .context("timezone", "America/Mexico_City")
                .build(),
            event(EventTypes.IDENTIFY).at(T.plusSeconds(1)).trait("locale", "en-GB").build(),
            event(EventTypes.PAGE_VIEWED).at(T.plusSeconds(2)).context("locale", "fr").build());

    assertThat(p.locale()).isEqualTo("en-GB");
    assertThat(p.timezone()).isEqualTo("America/Mexico_City");
  }

  @Test
  void aComplaintUnsubscribesTheChannelItCameThrough() {
    Event complained = event(EventTypes.MESSAGE_COMPLAINED).at(T).prop("channel", "push").build();

    assertThat(fold(complained).reachability().unsubscribed()).containsExactly(Channel.PUSH);
  }

  @Test
  void unsubscribeStaysUntilTheAppStatesANewConsent() {
    Event consentTrue =
        event(EventTypes.IDENTIFY)
            .at(T)
            .trait("consent", Map.of("email", true))
            .trait("email", "a@b.c")
            .build();
    Event unsubscribed =
        event(EventTypes.MESSAGE_UNSUBSCRIBED)
            .at(T.plusSeconds(60))
            .prop("channel", "email")
            .build();
    Event staleTrue =
        event(EventTypes.IDENTIFY)
            .id("again")
            .at(T.plusSeconds(120))
            .trait("consent", Map.of("email", true))
            .build();
    Profile p = fold(consentTrue, unsubscribed, staleTrue);
    assertThat(p.reachability().unsubscribed()).containsExactly(Channel.EMAIL);

    Event refused =
        event(EventTypes.IDENTIFY)
            .id("no")
            .at(T.plusSeconds(180))
            .trait("consent", Map.of("email", false))
            .build();
    Event optedIn =
        event(EventTypes.IDENTIFY)
            .id("yes")
            .at(T.plusSeconds(240))
            .trait("consent", Map.of("email", true))
            .build();
    Profile after = updater.apply(p, List.of(refused, optedIn)).profile();
    assertThat(after.reachability().unsubscribed()).isEmpty();
    assertThat(after.reachability().consent()).containsEntry(Channel.EMAIL, true);
  }

  @Test
  void sessionsStartAfterThirtyMinutesIdleOrOnSessionStarted() {
    Profile p =
        fold(
            event(EventTypes.PAGE_VIEWED).at(T).build(),
            event(EventTypes.FEATURE_USED).at(T.plus(Duration.ofMinutes(29))).build(),
            event(EventTypes.PAGE_VIEWED).at(T.plus(Duration.ofMinutes(60))).build(),
            event(EventTypes.SESSION_STARTED).at(T.plus(Duration.ofMinutes(61))).build(),
            event(EventTypes.EMAIL_OPENED).at(T.plus(Duration.ofHours(5))).build());

    assertThat(p.activity().sessionCount()).isEqualTo(3);
    assertThat(p.activity().lastActiveAt()).isEqualTo(T.plus(Duration.ofMinutes(61)));
    assertThat(p.activity().lastSeen()).isEqualTo(T.plus(Duration.ofHours(5)));
    assertThat(p.activity().firstSeen()).isEqualTo(T);
    assertThat(p.activity().eventCount()).isEqualTo(5);
    assertThat(p.activity().count(EventTypes.PAGE_VIEWED)).isEqualTo(2);
  }

  @Test
  void eventsAreAppliedInTimestampOrder() {
    Profile p =
        fold(
            event(EventTypes.PAYMENT_SUCCEEDED).at(T.plusSeconds(10)).build(),
            event(EventTypes.PAYMENT_FAILED).at(T).build());

    assertThat(p.billing().status()).isEqualTo(BillingStatus.ACTIVE);
    assertThat(p.billing().failedPayments()).isZero();
  }

  @Test
  void billingFollowsTheSubscriptionEvents() {
    Profile trial = fold(event(EventTypes.TRIAL_STARTED).at(T).build());
    assertThat(trial.billing().status()).isEqualTo(BillingStatus.TRIALING);
    assertThat(trial.billing().trialEndsAt()).isEqualTo(T.plus(Duration.ofDays(14)));

    Profile sevenDays = fold(event(EventTypes.TRIAL_STARTED).at(T).prop("trialDays", 7).build());
    assertThat(sevenDays.billing().trialEndsAt()).isEqualTo(T.plus(Duration.ofDays(7)));

    Profile explicit =
        fold(
            event(EventTypes.TRIAL_STARTED)
                .at(T)
                .prop("trialEndsAt", "2026-02-01T00:00:00Z")
                .build());
    assertThat(explicit.billing().trialEndsAt()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));

    Profile p =
        fold(
            event(EventTypes.SUBSCRIPTION_STARTED).at(T).prop("plan", "basic").build(),
            event(EventTypes.SUBSCRIPTION_UPGRADED)
                .at(T.plusSeconds(1))
                .prop("plan", "pro")
                .build(),
            event(EventTypes.PAYMENT_FAILED).at(T.plusSeconds(2)).build(),
            event(EventTypes.PAYMENT_FAILED).at(T.plusSeconds(3)).build());
    assertThat(p.billing().plan()).isEqualTo("pro");
    assertThat(p.billing().status()).isEqualTo(BillingStatus.PAST_DUE);
    assertThat(p.billing().failedPayments()).isEqualTo(2);

    Profile downgraded =
        updater
            .apply(
                p,
                List.of(
                    event(EventTypes.SUBSCRIPTION_DOWNGRADED)
                        .at(T.plusSeconds(4))
                        .prop("plan", "basic")
                        .build(),
                    event(EventTypes.SUBSCRIPTION_CANCELLED).at(T.plusSeconds(5)).build()))
            .profile();
    assertThat(downgraded.billing().plan()).isEqualTo("basic");
    assertThat(downgraded.billing().status()).isEqualTo(BillingStatus.CANCELLED);
    assertThat(downgraded.lifecycle()).isEqualTo(LifecycleStage.CHURNED);
  }

  @Test
  void appliedEventsAreSkippedTheNextTimeAndRepeatsWithinABatchCountOnce() {
    Event e = event(EventTypes.FEATURE_USED).at(T).build();
    ProfileUpdater.Result first = updater.apply(Profile.empty("app1", "u1"), List.of(e, e));
    assertThat(first.applied()).containsExactly(e);
    assertThat(first.profile().activity().eventCount()).isEqualTo(1);

    ProfileUpdater.Result again = updater.apply(first.profile(), List.of(e));
    assertThat(again.applied()).isEmpty();
    assertThat(again.profile()).isEqualTo(first.profile());
  }

  @Test
  void rememberedMessageIdsAreBounded() {
    List<Event> many = new ArrayList<>();
    IntStream.range(0, Profile.RECENT_MESSAGE_IDS + 10)
        .forEach(
            i -> many.add(event(EventTypes.PAGE_VIEWED).id("m" + i).at(T.plusSeconds(i)).build()));
    Profile p = updater.apply(Profile.empty("app1", "u1"), many).profile();

    assertThat(p.recentMessageIds())
        .hasSize(Profile.RECENT_MESSAGE_IDS)
        .endsWith("m" + (Profile.RECENT_MESSAGE_IDS + 9));
    assertThat(p.recentMessageIds()).doesNotContain("m0");
  }

  @Test
  void lifecycleAndUpdatedAtFollowTheLatestEvent() {
    Profile p =
        fold(
            event(EventTypes.USER_SIGNUP).at(T).build(),
            event(EventTypes.FEATURE_USED).at(T.plusSeconds(5)).build());
    assertThat(p.updatedAt()).isEqualTo(T.plusSeconds(5));
    assertThat(p.lifecycle()).isEqualTo(LifecycleStage.ACTIVATED);
  }

  @Test
  void messagesAreSettledByTheUsersNextEventsAfterTheirWindowTheUnansweredAsFailures() {
    var sent = new Responsiveness.PendingSend("m1", Channel.PUSH, 12, T);
    var answered = new Responsiveness.PendingSend("m2", Channel.EMAIL, 12, T);
    Profile before =
        Profile.empty("app1", "u1")
            .withResponsiveness(Responsiveness.NONE.withPending(sent).withPending(answered));

    ProfileUpdater.Result within =
        updater.apply(
            before,
            List.of(event(EventTypes.SESSION_STARTED).at(T.plus(Duration.ofHours(71))).build()));
    ProfileUpdater.Result after =
        updater.apply(
            before,
            List.of(
                event(EventTypes.EMAIL_OPENED)
                    .at(T.plus(Duration.ofHours(1)))
                    .prop("messageId", "m2")
                    .build(),
                event(EventTypes.SESSION_STARTED).at(T.plus(Duration.ofHours(73))).build()));

    assertThat(within.settled()).isEmpty();
    assertThat(within.profile().responsiveness().pending()).hasSize(2);
    assertThat(after.settled())
        .containsEntry("push", ArmCounts.FAILURE)
        .containsEntry("email", ArmCounts.SUCCESS);
    assertThat(after.profile().responsiveness().pending()).isEmpty();
    assertThat(updater.apply(after.profile(), after.applied()).settled()).isEmpty();
  }
}
