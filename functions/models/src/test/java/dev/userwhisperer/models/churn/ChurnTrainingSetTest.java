package dev.userwhisperer.models.churn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.analyze.FeatureVector;
import dev.userwhisperer.core.analyze.LifecycleRules;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.analyze.ProfileUpdater;
import dev.userwhisperer.core.decide.KeptDecision;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.models.PlatformExample;
import dev.userwhisperer.models.WarehouseDecision;
import dev.userwhisperer.models.WarehouseEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChurnTrainingSetTest {
  private static final Instant TODAY = ChurnHistories.START.plus(Duration.ofDays(75));
  private static final Instant DAY0 = ChurnHistories.START;
  private static final List<String> OWN =
      List.of(
          "own_messages",
          "own_message_lift",
          "own_answered",
          "own_returns",
          "own_conversions",
          "own_unsubscribes");

  /**
   * A user with a month of sessions who is sent an e-mail (opened, a session within the hour, then
   * a subscription), a push deferred to the evening and released (ignored), a decision that sends
   * nothing, a deferred e-mail withdrawn before its release, and an unsubscribe; the cutoff falls
   * after all their windows closed. Then, after the cutoff, another message they open and convert
   * after, settled by a session after its window.
   */
  @Test
  void ownResponseHistoryInARowIsTheOneTheServingProfileHadAtTheCutoff() {
    List<Object> timeline = new ArrayList<>();
    for (int day = 0; day < 30; day++) {
      timeline.add(
          event(
              day == 0 ? EventTypes.USER_SIGNUP : EventTypes.SESSION_STARTED, at(day, 9, 0), null));
    }
    timeline.add(sent("d1", "SEND", at(10, 12, 0), Channel.EMAIL, at(10, 12, 0)));
    timeline.add(event(EventTypes.EMAIL_OPENED, at(10, 13, 0), Ids.outbound("d1")));
    timeline.add(event(EventTypes.SESSION_STARTED, at(10, 13, 20), null));
    timeline.add(event(EventTypes.SUBSCRIPTION_STARTED, at(10, 15, 0), null));
    timeline.add(sent("d2", "DEFERRED", at(14, 12, 0), Channel.PUSH, at(14, 20, 0)));
    timeline.add(
        sent("d2" + Ids.RELEASE_SUFFIX, "SEND", at(14, 20, 0), Channel.PUSH, at(14, 20, 0)));
    timeline.add(notSent("d3", at(18, 12, 0)));
    timeline.add(sent("d4", "DEFERRED", at(19, 12, 0), Channel.EMAIL, at(19, 20, 0)));
    timeline.add(notSent("d4" + Ids.RELEASE_SUFFIX, at(19, 20, 0)));
    timeline.add(event(EventTypes.MESSAGE_UNSUBSCRIBED, at(20, 8, 0), null, "email"));
    Instant cutoff = at(25, 0, 0);
    List<Object> afterCutoff =
        List.of(
            sent("d5", "SEND", at(26, 12, 0), Channel.EMAIL, at(26, 12, 0)),
            event(EventTypes.EMAIL_OPENED, at(26, 12, 30), Ids.outbound("d5")),
            event(EventTypes.SESSION_STARTED, at(26, 12, 40), null),
            event(EventTypes.SUBSCRIPTION_STARTED, at(26, 13, 0), null),
            event(EventTypes.SESSION_STARTED, at(32, 9, 0), null));
    timeline.sort(Comparator.comparing(ChurnTrainingSetTest::time));
    Map<String, Double> serving =
        FeatureVector.of(servingProfile(timeline, cutoff), cutoff, LifecycleThresholds.DEFAULTS);

    List<Object> all = new ArrayList<>(timeline);
    all.addAll(afterCutoff);
    PlatformExample row = rowAt(all, cutoff);

    assertThat(own(row.features())).isEqualTo(own(serving));
    assertThat(row.features())
        .containsEntry("own_answered", 1.0)
        .containsEntry("own_conversions", 1.0)
        .containsEntry("own_unsubscribes", 1.0);
    assertThat(row.features().get("own_messages")).isEqualTo(2.0);
    assertThat(row.features().get("own_returns")).isGreaterThan(0.5);
    assertThat(row.features()).isEqualTo(rowAt(timeline, cutoff).features());
    assertThat(own(rowAt(new ArrayList<Object>(events(all)), cutoff).features()))
        .as("replaying events alone, the skew this replay removes")
        .containsEntry("own_answered", 0.0)
        .containsEntry("own_messages", 0.0);
  }

  private static PlatformExample rowAt(List<Object> timeline, Instant cutoff) {
    List<List<PlatformExample>> rows =
        new ChurnTrainingSet(ChurnHistories.FEATURES)
            .rows(events(timeline), decisions(timeline), List.of(cutoff));
    assertThat(rows.get(0)).hasSize(1);
    return rows.get(0).get(0);
  }

  /**
   * The profile as the stages keep it: analyze folds each event as it arrives, decide keeps each
   * decision on the profile as it is then; up to the cutoff.
   */
  private static Profile servingProfile(List<Object> timeline, Instant cutoff) {
    ProfileUpdater analyze = new ProfileUpdater(new LifecycleRules(LifecycleThresholds.DEFAULTS));
    Profile profile = Profile.empty(APP, USER);
    for (Object step : timeline) {
      if (time(step).isAfter(cutoff)) {
        break;
      }
      if (step instanceof WarehouseEvent e) {
        profile = analyze.apply(profile, List.of(e.event())).profile();
      } else {
        KeptDecision d = ((WarehouseDecision) step).decision();
        profile = profile.withResponsiveness(d.applyTo(profile).next());
      }
    }
    return profile;
  }

  private static final String APP = "shop";
  private static final String USER = "u1";

  private static Instant at(int day, int hour, int minute) {
    return DAY0.plus(Duration.ofDays(day)).plus(Duration.ofHours(hour)).plusSeconds(60L * minute);
  }

  private static Instant time(Object step) {
    return step instanceof WarehouseEvent e
        ? e.event().timestamp()
        : ((WarehouseDecision) step).decision().decidedAt();
  }

  private static WarehouseEvent event(String type, Instant at, String outboundId) {
    return event(type, at, outboundId, null);
  }

  private static WarehouseEvent event(String type, Instant at, String outboundId, String channel) {
    String properties =
        outboundId != null
            ? "{\"outboundId\":\"" + outboundId + "\"}"
            : channel != null ? "{\"channel\":\"" + channel + "\"}" : null;
    return WarehouseEvent.of(
        APP, USER, type + "-" + at, null, type, at, at, properties, null, null);
  }

  private static WarehouseDecision sent(
      String id, String outcome, Instant decidedAt, Channel channel, Instant sendAt) {
    int hourOfWeek =
        (sendAt.atZone(ZoneOffset.UTC).getDayOfWeek().getValue() - 1) * 24
            + sendAt.atZone(ZoneOffset.UTC).getHour();
    return WarehouseDecision.of(
        APP, USER, id, outcome, decidedAt, channel.wireName(), hourOfWeek, sendAt, "winback", "a");
  }

  private static WarehouseDecision notSent(String id, Instant decidedAt) {
    return WarehouseDecision.of(
        APP, USER, id, "NOT_ELIGIBLE", decidedAt, null, null, null, "winback", null);
  }

  private static List<WarehouseEvent> events(List<Object> timeline) {
    return timeline.stream()
        .filter(WarehouseEvent.class::isInstance)
        .map(WarehouseEvent.class::cast)
        .toList();
  }

  private static List<WarehouseDecision> decisions(List<Object> timeline) {
    return timeline.stream()
        .filter(WarehouseDecision.class::isInstance)
        .map(WarehouseDecision.class::cast)
        .toList();
  }

  private static Map<String, Double> own(Map<String, Double> features) {
    Map<String, Double> own = new LinkedHashMap<>();
    OWN.forEach(name -> own.put(name, features.get(name)));
    return own;
  }

  @Test
  void theRowsAtEveryCutoffAreThoseOfFoldingEachUserFromScratchAtIt() {
    List<WarehouseEvent> events = ChurnHistories.history(120, 75, 0.5, true, 11);
    List<Instant> cutoffs = ChurnHistories.cutoffs(TODAY);

    List<List<PlatformExample>> rows =
        new ChurnTrainingSet(ChurnHistories.FEATURES).rows(events, List.of(), cutoffs);

    assertThat(rows).hasSize(cutoffs.size());
    for (int c = 0; c < cutoffs.size(); c++) {
      List<PlatformExample> expected = ChurnHistories.fromScratch(events, cutoffs.get(c));
      assertThat(expected).as("rows at %s", cutoffs.get(c)).hasSizeGreaterThan(20);
      assertThat(rows.get(c)).as("rows at %s", cutoffs.get(c)).isEqualTo(expected);
    }
  }

  @Test
  void theRowsDoNotDependOnTheOrderTheWarehouseGivesTheEventsIn() {
    List<WarehouseEvent> events = new ArrayList<>(ChurnHistories.history(60, 75, 0.5, true, 5));
    Collections.shuffle(events, new Random(3));
    List<Instant> cutoffs = ChurnHistories.cutoffs(TODAY);

    List<List<PlatformExample>> rows =
        new ChurnTrainingSet(ChurnHistories.FEATURES).rows(events, List.of(), cutoffs);

    for (int c = 0; c < cutoffs.size(); c++) {
      assertThat(rows.get(c))
          .as("rows at %s", cutoffs.get(c))
          .isEqualTo(ChurnHistories.fromScratch(events, cutoffs.get(c)));
    }
  }
}
