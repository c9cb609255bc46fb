package dev.userwhisperer.models.churn;

import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.models.WarehouseEvent;
import dev.userwhisperer.models.WarehouseEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Warehouses of one app, {@value #APP}, for the churn model to learn from: one where the past tells
 * who stays ({@link #world}), one where it does not ({@link #memoryless}). Shared with the learn
 * function's tests on Google Cloud (the models module's test jar).
 */
public final class ChurnWorlds {
  public static final String APP = "shop";
  public static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

  /** The day the learn job runs on these warehouses. */
  public static final Instant TODAY = START.plus(Duration.ofDays(70));

  private ChurnWorlds() {}

  /**
   * {@code users} sign up over the first 50 days and use 0 to 4 features; every other day each one
   * still around starts a session, and leaves with a chance of 3 % per visit when they use three or
   * more features, 35 % otherwise.
   */
  public static WarehouseEventSource world(int users, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<WarehouseEvent> events = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      String user = "u" + i;
      int features = random.nextInt(5);
      Instant t = START.plus(Duration.ofHours(random.nextInt(50 * 24)));
      events.add(event(user, EventTypes.USER_SIGNUP, t, Map.of()));
      for (int f = 0; f < features; f++) {
        events.add(event(user, EventTypes.FEATURE_USED, t, Map.of("feature", "f" + f)));
      }
      double leave = features >= 3 ? 0.03 : 0.35;
      for (t = t.plus(Duration.ofDays(2)); t.isBefore(TODAY); t = t.plus(Duration.ofDays(2))) {
        if (random.nextDouble() < leave) {
          break;
        }
        events.add(event(user, EventTypes.SESSION_STARTED, t, Map.of()));
      }
    }
    return source(events);
  }

  /**
   * {@code users} sign up before the history the job reads; in each week (weeks end at midnight a
   * multiple of seven days before today, as the job's cutoffs do) each starts a session at a random
   * time with a chance of one half, whatever they did before.
   */
  public static WarehouseEventSource memoryless(int users, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Instant midnight = TODAY.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    List<WarehouseEvent> events = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      String user = "m" + i;
      events.add(event(user, EventTypes.USER_SIGNUP, START, Map.of()));
      for (int week = 1; week <= 9; week++) {
        if (random.nextBoolean()) {
          Instant weekStart = midnight.minus(Duration.ofDays(7L * week));
          events.add(
              event(
                  user,
                  EventTypes.SESSION_STARTED,
                  weekStart.plus(Duration.ofMinutes(random.nextInt(7 * 24 * 60))),
                  Map.of()));
        }
      }
    }
    return source(events);
  }

  private static WarehouseEventSource source(List<WarehouseEvent> events) {
    events.sort(
        Comparator.comparing((WarehouseEvent e) -> e.userId())
            .thenComparing(e -> e.event().timestamp()));
    return (appId, until) ->
        events.stream().filter(e -> !e.event().timestamp().isAfter(until)).toList();
  }

  private static WarehouseEvent event(
      String user, String type, Instant at, Map<String, Object> properties) {
    return new WarehouseEvent(
        APP,
        user,
        new Event(
            user + "-" + type + "-" + at + properties,
            type,
            user,
            null,
            at,
            at,
            properties,
            Map.of(),
            Map.of()));
  }
}
