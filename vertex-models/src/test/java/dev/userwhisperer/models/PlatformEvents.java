package dev.userwhisperer.models;

import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Hand-made platform events and a synthetic app whose users churn or stay, for the tests. */
final class PlatformEvents {
  static final String APP = "app1";

  private PlatformEvents() {}

  static Event event(String user, String type, Instant at, Map<String, Object> properties) {
    return new Event(
        user + "-" + type + "-" + at, type, user, null, at, at, properties, Map.of(), Map.of());
  }

  static Event event(String user, String type, Instant at) {
    return event(user, type, at, Map.of());
  }

  static WarehouseEvent row(Event e) {
    return new WarehouseEvent(APP, e.userKey(), e);
  }

  /**
   * {@code users} users who sign up in the 60 days before {@code cutoff}; an engaged user (more
   * likely when they log in often) keeps logging in after the cutoff, the others stop.
   */
  static List<Event> app(int users, Instant cutoff, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Event> events = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      String user = "u" + u;
      Instant signup = cutoff.minus(Duration.ofHours(1 + random.nextInt(60 * 24)));
      events.add(event(user, EventTypes.USER_SIGNUP, signup));
      double everyDays = 0.5 + random.nextDouble() * 10;
      boolean stays = random.nextDouble() < 1.2 / everyDays;
      Instant stop =
          stays
              ? cutoff.plus(Duration.ofDays(40))
              : cutoff.minus(Duration.ofDays(random.nextInt(20)));
      for (Instant t = signup.plus(Duration.ofMinutes((long) (everyDays * 1440)));
          t.isBefore(stop);
          t = t.plus(Duration.ofMinutes((long) (everyDays * 1440 * (0.5 + random.nextDouble()))))) {
        events.add(event(user, EventTypes.USER_LOGIN, t));
        if (random.nextInt(4) == 0) {
          events.add(
              event(
                  user,
                  EventTypes.FEATURE_USED,
                  t.plusSeconds(60),
                  Map.of("feature", "f" + random.nextInt(5))));
        }
      }
    }
    return events;
  }
}
