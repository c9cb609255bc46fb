package dev.userwhisperer.core.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.testing.TestEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ProfileUpdaterPropertiesTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private final ProfileUpdater updater =
      new ProfileUpdater(new LifecycleRules(LifecycleThresholds.DEFAULTS));

  /** Events of distinct times (so that their order is total), hence of distinct messageIds. */
  @Provide
  Arbitrary<List<Event>> events() {
    Arbitrary<String> types =
        Arbitraries.of(
            EventTypes.USER_SIGNUP,
            EventTypes.SESSION_STARTED,
            EventTypes.FEATURE_USED,
            EventTypes.PAGE_VIEWED,
            EventTypes.TRIAL_STARTED,
            EventTypes.PAYMENT_FAILED,
            EventTypes.PAYMENT_SUCCEEDED,
            EventTypes.SUBSCRIPTION_CANCELLED,
            EventTypes.EMAIL_OPENED,
            EventTypes.ONBOARDING_STEP_COMPLETED);
    Arbitrary<Event> event =
        Combinators.combine(types, Arbitraries.longs().between(0, 60L * 24 * 3600))
            .as((type, seconds) -> TestEvents.event(type).at(T.plusSeconds(seconds)).build());
    return event.list().ofMinSize(1).ofMaxSize(40).uniqueElements(Event::timestamp);
  }

  @Property(tries = 200)
  void applyingABatchAgainChangesNothing(@ForAll("events") List<Event> events) {
    ProfileUpdater.Result once = updater.apply(Profile.empty("app1", "u1"), events);
    ProfileUpdater.Result twice = updater.apply(once.profile(), events);

    assertThat(twice.applied()).isEmpty();
    assertThat(twice.profile()).isEqualTo(once.profile());
    assertThat(once.profile().activity().eventCount()).isEqualTo(events.size());
  }

  @Property(tries = 200)
  void theOrderOfEventsInABatchDoesNotMatter(
      @ForAll("events") List<Event> events, @ForAll long seed) {
    List<Event> shuffled = new ArrayList<>(events);
    Collections.shuffle(shuffled, new Random(seed));
    assertThat(updater.apply(Profile.empty("app1", "u1"), shuffled).profile().activity())
        .isEqualTo(updater.apply(Profile.empty("app1", "u1"), events).profile().activity());
  }

  /** Events of every kind the features follow, over 60 days, in a time zone with DST. */
  @Provide
  Arbitrary<List<Event>> richEvents() {
    Arbitrary<String> types =
        Arbitraries.of(
            EventTypes.SESSION_STARTED,
            EventTypes.FEATURE_USED,
            EventTypes.PAGE_VIEWED,
            EventTypes.USER_LOGIN,
            EventTypes.ERROR_ENCOUNTERED,
            EventTypes.SUPPORT_TICKET_CREATED,
            EventTypes.PAYMENT_SUCCEEDED,
            EventTypes.EMAIL_SENT,
            EventTypes.EMAIL_OPENED,
            EventTypes.SMS_CLICKED,
            EventTypes.TRIAL_STARTED);
    Arbitrary<Event> event =
        Combinators.combine(
                types,
                Arbitraries.longs().between(0, 60L * 24 * 3600),
                Arbitraries.integers().between(0, 9))
            .as(
                (type, seconds, n) ->
                    TestEvents.event(type)
                        .at(T.plusSeconds(seconds))
                        .prop("feature", "f" + n)
                        .prop("amount", n * 1.5)
                        .build());
    return event
        .list()
        .ofMinSize(1)
        .ofMaxSize(60)
        .uniqueElements(Event::timestamp)
        .map(
            list -> {
              List<Event> withZone = new ArrayList<>(list);
              withZone.add(
                  TestEvents.event(EventTypes.IDENTIFY)
                      .id("tz")
                      .at(T.minusSeconds(1))
                      .trait("timezone", "America/New_York")
                      .build());
              return withZone;
            });
  }

  @Property(tries = 200)
  void foldingIsIndependentOfHowEventsInTimeOrderAreSplitIntoBatches(
      @ForAll("richEvents") List<Event> events, @ForAll long seed) {
    List<Event> inOrder = new ArrayList<>(events);
    inOrder.sort(java.util.Comparator.comparing(Event::timestamp));
    Random random = new Random(seed);
    Profile split = Profile.empty("app1", "u1");
    int from = 0;
    while (from < inOrder.size()) {
      int to = from + 1 + random.nextInt(inOrder.size() - from);
      split = updater.apply(split, inOrder.subList(from, to)).profile();
      from = to;
    }

    Profile whole = updater.apply(Profile.empty("app1", "u1"), events).profile();
    assertThat(split).isEqualTo(whole);
  }

  @Property(tries = 200)
  void applyingAnEventTwiceChangesNothing(
      @ForAll("richEvents") List<Event> events, @ForAll long seed) {
    Profile once = updater.apply(Profile.empty("app1", "u1"), events).profile();
    Event again = events.get(new Random(seed).nextInt(events.size()));

    ProfileUpdater.Result twice = updater.apply(once, List.of(again));
    assertThat(twice.applied()).isEmpty();
    assertThat(twice.profile()).isEqualTo(once);
  }
}
