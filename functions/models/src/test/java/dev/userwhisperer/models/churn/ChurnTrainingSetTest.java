package dev.userwhisperer.models.churn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.models.PlatformExample;
import dev.userwhisperer.models.PointInTimeFeatures;
import dev.userwhisperer.models.WarehouseEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChurnTrainingSetTest {
  private static final Duration HORIZON = Duration.ofDays(ChurnModelTraining.HORIZON_DAYS);
  private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
  private static final Instant TODAY = START.plus(Duration.ofDays(75));
  private static final List<String> TYPES =
      List.of(
          EventTypes.SESSION_STARTED,
          EventTypes.SESSION_STARTED,
          EventTypes.FEATURE_USED,
          EventTypes.PAGE_VIEWED,
          EventTypes.USER_LOGIN,
          EventTypes.ERROR_ENCOUNTERED,
          EventTypes.SUPPORT_TICKET_CREATED,
          EventTypes.TRIAL_STARTED,
          EventTypes.SUBSCRIPTION_STARTED,
          EventTypes.SUBSCRIPTION_CANCELLED,
          EventTypes.PAYMENT_FAILED,
          EventTypes.PAYMENT_SUCCEEDED,
          EventTypes.EMAIL_OPENED,
          EventTypes.EMAIL_CLICKED,
          EventTypes.MESSAGE_UNSUBSCRIBED,
          EventTypes.IDENTIFY,
          "order_completed");

  private final PointInTimeFeatures features =
      new PointInTimeFeatures(
          LifecycleThresholds.DEFAULTS,
          HORIZON,
          EventTypes.ACTIVITY,
          PointInTimeFeatures.CONVERSION_TYPES);

  @Test
  void theRowsAtEveryCutoffAreThoseOfFoldingEachUserFromScratchAtIt() {
    List<WarehouseEvent> events = history(120, 11);
    List<Instant> cutoffs = cutoffs();

    List<List<PlatformExample>> rows = new ChurnTrainingSet(features).rows(events, cutoffs);

    assertThat(rows).hasSize(cutoffs.size());
    for (int c = 0; c < cutoffs.size(); c++) {
      List<PlatformExample> expected = fromScratch(events, cutoffs.get(c));
      assertThat(expected).as("rows at %s", cutoffs.get(c)).hasSizeGreaterThan(20);
      assertThat(rows.get(c)).as("rows at %s", cutoffs.get(c)).isEqualTo(expected);
    }
  }

  @Test
  void theRowsDoNotDependOnTheOrderTheWarehouseGivesTheEventsIn() {
    List<WarehouseEvent> events = new ArrayList<>(history(60, 5));
    Collections.shuffle(events, new Random(3));
    List<Instant> cutoffs = cutoffs();

    List<List<PlatformExample>> rows = new ChurnTrainingSet(features).rows(events, cutoffs);

    for (int c = 0; c < cutoffs.size(); c++) {
      assertThat(rows.get(c))
          .as("rows at %s", cutoffs.get(c))
          .isEqualTo(fromScratch(events, cutoffs.get(c)));
    }
  }

  /** The learn job's cutoffs: the held-out one and the four training ones before it. */
  private static List<Instant> cutoffs() {
    Instant heldOut = TODAY.minus(HORIZON);
    List<Instant> cutoffs = new ArrayList<>();
    for (int k = 0; k < ChurnModelTraining.TRAINING_SNAPSHOTS; k++) {
      cutoffs.add(heldOut.minus(HORIZON).minus(Duration.ofDays(7L * k)));
    }
    cutoffs.add(heldOut);
    return cutoffs;
  }

  /** The rows at one cutoff as the learn job built them before it folded each user only once. */
  private List<PlatformExample> fromScratch(List<WarehouseEvent> events, Instant cutoff) {
    Instant from = cutoff.minus(HORIZON);
    Map<String, Boolean> active = new LinkedHashMap<>();
    for (WarehouseEvent e : events) {
      Event event = e.event();
      if (EventTypes.ACTIVITY.contains(event.type())
          && event.timestamp().isAfter(from)
          && !event.timestamp().isAfter(cutoff)) {
        active.put(e.userId(), true);
      }
    }
    List<WarehouseEvent> theirs =
        events.stream().filter(e -> active.containsKey(e.userId())).toList();
    return features.build(theirs, cutoff);
  }

  /**
   * Users who sign up over the history, some anonymous, come and go in bursts, pay, fail to pay,
   * answer and unsubscribe from messages, change time zone; some events fall exactly on the
   * cutoffs' midnights, some share an instant, and a few users' events repeat a message id.
   */
  private static List<WarehouseEvent> history(int users, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<WarehouseEvent> events = new ArrayList<>();
    List<String> zones = List.of("Europe/Berlin", "America/New_York", "Asia/Tokyo", "not/a-zone");
    for (int u = 0; u < users; u++) {
      boolean anonymous = u % 7 == 3;
      String user = anonymous ? "anon:a" + u : "u" + u;
      Instant signup = START.plus(Duration.ofMinutes(random.nextInt(60 * 24 * 60)));
      List<Instant> times = new ArrayList<>();
      times.add(signup);
      int n = random.nextInt(80);
      double burst = 0.2 + random.nextDouble();
      Instant t = signup;
      for (int i = 0; i < n && t.isBefore(TODAY); i++) {
        t = t.plus(Duration.ofMinutes((long) (random.nextInt(4 * 24 * 60) * burst)));
        if (random.nextInt(10) == 0) {
          t = t.truncatedTo(ChronoUnit.DAYS);
        }
        times.add(t);
        if (random.nextInt(12) == 0) {
          times.add(t);
        }
      }
      for (int i = 0; i < times.size(); i++) {
        Instant at = times.get(i);
        if (at.isAfter(TODAY)) {
          continue;
        }
        String type = i == 0 ? EventTypes.USER_SIGNUP : TYPES.get(random.nextInt(TYPES.size()));
        Map<String, Object> properties = new LinkedHashMap<>();
        Map<String, Object> traits = new LinkedHashMap<>();
        switch (type) {
          case EventTypes.FEATURE_USED -> properties.put("feature", "f" + random.nextInt(6));
          case EventTypes.EMAIL_OPENED, EventTypes.EMAIL_CLICKED ->
              properties.put(EventTypes.OUTBOUND_ID, "o" + random.nextInt(3));
          case EventTypes.MESSAGE_UNSUBSCRIBED -> properties.put("channel", "email");
          case EventTypes.SUBSCRIPTION_STARTED -> properties.put("plan", "pro");
          case "order_completed" -> properties.put("amount", random.nextInt(5000) / 100.0);
          case EventTypes.IDENTIFY -> {
            traits.put("timezone", zones.get(random.nextInt(zones.size())));
            traits.put("email", user + "@example.com");
            traits.put("consent", Map.of("email", random.nextBoolean()));
          }
          default -> {}
        }
        String messageId =
            u % 11 == 5 && random.nextInt(4) == 0 ? user + "-repeated" : user + "-" + i;
        String eventUser = anonymous ? null : user;
        String anonymousId = anonymous ? user.substring("anon:".length()) : null;
        events.add(
            new WarehouseEvent(
                "shop",
                user,
                new Event(
                    messageId,
                    type,
                    eventUser,
                    anonymousId,
                    at,
                    at.plusSeconds(random.nextInt(3600)),
                    properties,
                    traits,
                    Map.of())));
      }
    }
    events.sort(
        Comparator.comparing(WarehouseEvent::userId)
            .thenComparing(e -> e.event().timestamp())
            .thenComparing(e -> e.event().messageId()));
    return events;
  }
}
