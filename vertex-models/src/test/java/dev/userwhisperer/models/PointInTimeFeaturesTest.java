package dev.userwhisperer.models;

import static dev.userwhisperer.models.PlatformEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.analyze.AnalyzePolicy;
import dev.userwhisperer.core.analyze.Analyzer;
import dev.userwhisperer.core.analyze.FeatureVector;
import dev.userwhisperer.core.analyze.LifecycleRules;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.ChurnScorer;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.testing.InMemoryArmStatistics;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PointInTimeFeaturesTest {
  private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");
  private final PointInTimeFeatures builder = PointInTimeFeatures.defaults();

  @Test
  void labelsReadOnlyTheHorizonAfterTheCutoffAndFeaturesOnlyWhatCameBefore() {
    Instant end = T.plus(Duration.ofDays(28));
    List<Event> log =
        List.of(
            event("stays", EventTypes.USER_SIGNUP, T.minus(Duration.ofDays(10))),
            event("stays", EventTypes.USER_LOGIN, T.plus(Duration.ofDays(3))),
            event("pays-only", EventTypes.USER_SIGNUP, T.minus(Duration.ofDays(10))),
            event(
                "pays-only",
                EventTypes.PAYMENT_SUCCEEDED,
                T.plus(Duration.ofDays(3)),
                Map.of("amount", 10)),
            event("last-day", EventTypes.USER_SIGNUP, T.minus(Duration.ofDays(1))),
            event("last-day", EventTypes.PAGE_VIEWED, end),
            event("too-late", EventTypes.USER_SIGNUP, T.minus(Duration.ofDays(1))),
            event("too-late", EventTypes.PAGE_VIEWED, end.plusSeconds(1)),
            event("at-cutoff", EventTypes.USER_SIGNUP, T),
            event("converts", EventTypes.USER_SIGNUP, T.minus(Duration.ofDays(2))),
            event("converts", EventTypes.SUBSCRIPTION_STARTED, T.plus(Duration.ofDays(1))),
            event("unborn", EventTypes.USER_SIGNUP, T.plusSeconds(1)));

    Map<String, PlatformExample> rows =
        builder.build(log.stream().map(PlatformEvents::row).toList(), T).stream()
            .collect(Collectors.toMap(PlatformExample::userId, r -> r));

    assertThat(rows).doesNotContainKey("unborn");
    assertThat(rows.get("stays").churned()).isFalse();
    assertThat(rows.get("pays-only").churned()).as("a payment is not activity").isTrue();
    assertThat(rows.get("last-day").churned()).as("the horizon's end is inside").isFalse();
    assertThat(rows.get("too-late").churned()).isTrue();
    assertThat(rows.get("at-cutoff").churned()).as("an event at t is a feature").isTrue();
    assertThat(rows.get("at-cutoff").features().get("days_since_active")).isZero();
    assertThat(rows.get("converts").converted()).isTrue();
    assertThat(rows.get("converts").churned()).isTrue();
    assertThat(rows.get("stays").converted()).isFalse();
    assertThat(rows.get("stays").features().get("days_since_active")).isEqualTo(10.0);
    assertThat(rows.get("pays-only").features().get("revenue_28d")).isZero();
  }

  @Test
  void featureNamesAreTheFeatureVectorsInItsOrder() {
    assertThat(builder.featureNames())
        .containsExactlyElementsOf(
            FeatureVector.of(Profile.empty("a", "u"), T, LifecycleThresholds.DEFAULTS).keySet())
        .contains("days_since_active", "sessions_28d", "revenue_7d", "drift");
  }

  /**
   * No train/serve skew: at the time of a user's last event the builder's vector is the one the
   * analyze stage hands the churn scorer after applying the same events batch by batch.
   */
  @Test
  void featuresAtTheLastEventAreWhatAnalyzeScores() {
    List<Event> events =
        PlatformEvents.app(1, T, 7).stream()
            .sorted(java.util.Comparator.comparing(Event::timestamp))
            .filter(e -> e.timestamp().isBefore(T))
            .toList();
    List<Map<String, Double>> scored = new ArrayList<>();
    ChurnScorer recorder =
        (app, features) -> {
          scored.add(features);
          return Optional.of(new ChurnScorer.Score(0.1, "m"));
        };
    Analyzer analyzer =
        new Analyzer(
            new InMemoryProfileStore(),
            new InMemoryWarehouse(),
            new InMemoryArmStatistics(),
            new LifecycleRules(LifecycleThresholds.DEFAULTS),
            AnalyzePolicy.DEFAULTS,
            Optional.of(recorder),
            new MutableClock(T));
    for (int from = 0; from < events.size(); from += 3) {
      List<Event> batch = events.subList(from, Math.min(events.size(), from + 3));
      analyzer.apply(new UserEventBatch(UserEventBatch.VERSION, "b" + from, "app1", "u0", batch));
    }
    Instant last = events.get(events.size() - 1).timestamp();

    assertThat(builder.features("app1", "u0", events, last))
        .isEqualTo(scored.get(scored.size() - 1));
  }

  @Property(tries = 200)
  void noFeatureChangesWhenEventsAfterTheCutoffAreAddedOrAltered(
      @ForAll("logs") List<Event> log, @ForAll("laterEvents") List<Event> later) {
    List<WarehouseEvent> original = log.stream().map(PlatformEvents::row).toList();
    List<WarehouseEvent> tampered = new ArrayList<>();
    for (WarehouseEvent e : original) {
      Event event = e.event();
      if (event.timestamp().isAfter(T)) {
        Event altered =
            new Event(
                event.messageId(),
                EventTypes.PAYMENT_FAILED,
                event.userId(),
                null,
                event.timestamp().plus(Duration.ofDays(1)),
                event.receivedAt(),
                Map.of("amount", 99),
                Map.of("timezone", "Asia/Tokyo"),
                Map.of());
        tampered.add(PlatformEvents.row(altered));
      } else {
        tampered.add(e);
      }
    }
    later.forEach(e -> tampered.add(PlatformEvents.row(e)));

    assertThat(features(builder.build(tampered, T)))
        .isEqualTo(features(builder.build(original, T)));
  }

  private static Map<String, Map<String, Double>> features(List<PlatformExample> rows) {
    return rows.stream()
        .collect(Collectors.toMap(PlatformExample::userId, PlatformExample::features));
  }

  @Provide
  Arbitrary<List<Event>> logs() {
    return eventAt(Arbitraries.longs().between(-40 * 86_400L, 40 * 86_400L)).list().ofMaxSize(40);
  }

  @Provide
  Arbitrary<List<Event>> laterEvents() {
    return eventAt(Arbitraries.longs().between(1, 40 * 86_400L)).list().ofMaxSize(10);
  }

  private static Arbitrary<Event> eventAt(Arbitrary<Long> secondsFromCutoff) {
    return Combinators.combine(
            Arbitraries.of("a", "b", "c"),
            Arbitraries.of(
                EventTypes.USER_SIGNUP,
                EventTypes.USER_LOGIN,
                EventTypes.SESSION_STARTED,
                EventTypes.FEATURE_USED,
                EventTypes.PAYMENT_SUCCEEDED,
                EventTypes.PAYMENT_FAILED,
                EventTypes.TRIAL_STARTED,
                EventTypes.ERROR_ENCOUNTERED,
                EventTypes.EMAIL_OPENED,
                EventTypes.IDENTIFY),
            secondsFromCutoff,
            Arbitraries.integers().between(0, 1_000_000))
        .as(
            (user, type, offset, salt) ->
                new Event(
                    user + "-" + salt,
                    type,
                    user,
                    null,
                    T.plusSeconds(offset),
                    T.plusSeconds(offset),
                    Map.of("amount", salt % 50, "feature", "f" + salt % 7),
                    type.equals(EventTypes.IDENTIFY)
                        ? Map.of("timezone", salt % 2 == 0 ? "Europe/Paris" : "America/Denver")
                        : Map.of(),
                    Map.of()));
  }
}
