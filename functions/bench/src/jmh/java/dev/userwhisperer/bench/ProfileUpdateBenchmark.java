package dev.userwhisperer.bench;

import dev.userwhisperer.core.analyze.LifecycleRules;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.analyze.ProfileUpdater;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.profile.Profile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One profile update: {@link ProfileUpdater} folding one new event into a warm profile (35 days of
 * a daily user in Europe/Madrid: sessions, features, errors, messages, payments; 512 remembered
 * messageIds), then deriving stage, engagement and their reasons. {@code foldOneEventThroughJson}
 * adds what the store does around it: decode the stored document and encode the next one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProfileUpdateBenchmark {
  private static final Instant START = Instant.parse("2026-01-05T08:00:00Z");
  private static final int DAYS = 35;
  private static final int NEXT_EVENTS = 4096;

  private final ProfileUpdater updater =
      new ProfileUpdater(new LifecycleRules(LifecycleThresholds.DEFAULTS));
  private Profile warm;
  private byte[] warmJson;
  private List<List<Event>> next;
  private int cursor;

  @Setup
  public void setUp() {
    Random random = new Random(42);
    Profile p = Profile.empty("app1", "u1");
    p =
        updater
            .apply(
                p,
                List.of(
                    event(
                        "identify",
                        START.minusSeconds(60),
                        Map.of(),
                        Map.of(
                            "email",
                            "ana@example.com",
                            "timezone",
                            "Europe/Madrid",
                            "featureCatalogSize",
                            20))))
            .profile();
    for (int day = 0; day < DAYS; day++) {
      List<Event> batch = new ArrayList<>();
      Instant at = START.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(random.nextInt(600)));
      batch.add(event(EventTypes.SESSION_STARTED, at, Map.of(), Map.of()));
      for (int i = 0; i < 25; i++) {
        at = at.plusSeconds(30 + random.nextInt(300));
        String type = i % 3 == 0 ? EventTypes.FEATURE_USED : EventTypes.PAGE_VIEWED;
        batch.add(event(type, at, Map.of("feature", "feature-" + random.nextInt(15)), Map.of()));
      }
      batch.add(event(EventTypes.EMAIL_SENT, at.plusSeconds(5), Map.of(), Map.of()));
      if (day % 3 == 0) {
        batch.add(event(EventTypes.EMAIL_OPENED, at.plusSeconds(900), Map.of(), Map.of()));
      }
      if (day % 7 == 0) {
        batch.add(event(EventTypes.ERROR_ENCOUNTERED, at.plusSeconds(10), Map.of(), Map.of()));
        batch.add(
            event(
                EventTypes.PAYMENT_SUCCEEDED,
                at.plusSeconds(20),
                Map.of("amount", 29.99),
                Map.of()));
      }
      p = updater.apply(p, batch).profile();
    }
    if (p.features().activeDays(28, p.features().day()) != 28
        || p.recentMessageIds().size() != Profile.RECENT_MESSAGE_IDS) {
      throw new IllegalStateException("the profile is not warm: " + p);
    }
    warm = p;
    warmJson = Json.encode(warm);
    Instant now = warm.updatedAt().plus(Duration.ofMinutes(10));
    next = new ArrayList<>();
    for (int i = 0; i < NEXT_EVENTS; i++) {
      Map<String, Object> feature = Map.of("feature", "feature-" + (i % 20));
      next.add(List.of(event(EventTypes.FEATURE_USED, now.plusSeconds(i), feature, Map.of())));
    }
  }

  private static int ids;

  private static Event event(
      String type, Instant at, Map<String, Object> properties, Map<String, Object> traits) {
    return new Event("m" + ids++, type, "u1", null, at, at, properties, traits, Map.of());
  }

  private List<Event> nextEvent() {
    cursor = (cursor + 1) % NEXT_EVENTS;
    return next.get(cursor);
  }

  @Benchmark
  public Profile foldOneEvent() {
    return updater.apply(warm, nextEvent()).profile();
  }

  @Benchmark
  public byte[] foldOneEventThroughJson() {
    Profile stored = Json.decode(warmJson, Profile.class);
    return Json.encode(updater.apply(stored, nextEvent()).profile());
  }
}
