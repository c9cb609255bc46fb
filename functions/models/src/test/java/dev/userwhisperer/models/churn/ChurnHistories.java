package dev.userwhisperer.models.churn;

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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generated event histories of one app for the churn training set, and the rows the learn job built
 * from them before it folded each user only once (folding every user from scratch at each cutoff):
 * the reference {@link ChurnTrainingSet} is held to, in {@link ChurnTrainingSetTest} and {@link
 * ChurnTrainingSetBench}.
 */
final class ChurnHistories {
  static final Duration HORIZON = Duration.ofDays(ChurnModelTraining.HORIZON_DAYS);
  static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
  static final PointInTimeFeatures FEATURES =
      new PointInTimeFeatures(
          LifecycleThresholds.DEFAULTS,
          HORIZON,
          EventTypes.ACTIVITY,
          PointInTimeFeatures.CONVERSION_TYPES);
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

  private ChurnHistories() {}

  /** The learn job's cutoffs: the held-out one and the four training ones before it. */
  static List<Instant> cutoffs(Instant today) {
    Instant heldOut = today.minus(HORIZON);
    List<Instant> cutoffs = new ArrayList<>();
    for (int k = 0; k < ChurnModelTraining.TRAINING_SNAPSHOTS; k++) {
      cutoffs.add(heldOut.minus(HORIZON).minus(Duration.ofDays(7L * k)));
    }
    cutoffs.add(heldOut);
    return cutoffs;
  }

  /** The rows at one cutoff as the learn job built them before it folded each user only once. */
  static List<PlatformExample> fromScratch(List<WarehouseEvent> events, Instant cutoff) {
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
    return FEATURES.build(theirs, cutoff);
  }

  /**
   * Users who sign up over the history, some anonymous, come and go in bursts, pay, fail to pay,
   * answer and unsubscribe from messages, change time zone; some events fall exactly on the
   * cutoffs' midnights, some share an instant, and, with {@code repeatIds}, a few users' events
   * repeat a message id.
   */
  static List<WarehouseEvent> history(
      int users, int days, double eventsPerDay, boolean repeatIds, long seed) {
    Instant today = START.plus(Duration.ofDays(days));
    SplittableRandom random = new SplittableRandom(seed);
    List<WarehouseEvent> events = new ArrayList<>();
    List<String> zones = List.of("Europe/Berlin", "America/New_York", "Asia/Tokyo", "not/a-zone");
    for (int u = 0; u < users; u++) {
      boolean anonymous = u % 7 == 3;
      String user = anonymous ? "anon:a" + u : "u" + u;
      Instant signup = START.plus(Duration.ofMinutes(random.nextInt((days - 15) * 24 * 60)));
      List<Instant> times = new ArrayList<>();
      times.add(signup);
      int n = random.nextInt(Math.max(1, (int) (2 * days * eventsPerDay)));
      double burst = 0.2 + random.nextDouble();
      Instant t = signup;
      for (int i = 0; i < n && t.isBefore(today); i++) {
        t =
            t.plus(
                Duration.ofMinutes(
                    (long) (random.nextInt((int) (2 * 24 * 60 / eventsPerDay)) * burst)));
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
        if (at.isAfter(today)) {
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
            repeatIds && u % 11 == 5 && random.nextInt(4) == 0
                ? user + "-repeated"
                : user + "-" + i;
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
