package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.profile.ArmCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachedArmStatisticsTest {
  /** Counts in memory, with how often they were read. */
  private static final class CountingStore implements ArmStatistics {
    final Map<String, Map<String, ArmCounts>> apps = new HashMap<>();
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public Map<String, ArmCounts> counts(String appId, Instant asOf) {
      reads.incrementAndGet();
      return Map.copyOf(apps.getOrDefault(appId, Map.of()));
    }

    @Override
    public void add(String appId, Map<String, ArmCounts> increments, Instant settledAt) {
      increments.forEach(
          (arm, c) ->
              apps.computeIfAbsent(appId, a -> new HashMap<>()).merge(arm, c, ArmCounts::plus));
    }
  }

  private final CountingStore store = new CountingStore();
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final ArmStatistics cached =
      new CachedArmStatistics(store, nanos::get, Duration.ofSeconds(30));

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

  @Test
  void readsEachAppOnceUntilItsCopyIsTooOldAndAddsGoStraightThrough() {
    cached.add("app1", Map.of("channel:email", ArmCounts.SUCCESS), NOW);
    assertThat(cached.counts("app1", NOW)).containsEntry("channel:email", ArmCounts.SUCCESS);

    cached.add("app1", Map.of("channel:email", ArmCounts.FAILURE), NOW);
    nanos.addAndGet(Duration.ofSeconds(29).toNanos());
    assertThat(cached.counts("app1", NOW.plusSeconds(29)))
        .containsEntry("channel:email", ArmCounts.SUCCESS);
    assertThat(cached.counts("app2", NOW)).isEmpty();
    assertThat(store.reads).hasValue(2);

    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(cached.counts("app1", NOW.plusSeconds(30)))
        .containsEntry("channel:email", ArmCounts.SUCCESS.plus(ArmCounts.FAILURE));
    assertThat(store.reads).hasValue(3);
  }

  @Test
  void aReadAsOfAnotherWeekReadsAgain() {
    cached.counts("app1", NOW);
    cached.counts("app1", NOW.plus(Duration.ofDays(7)));
    cached.counts("app1", NOW.plus(Duration.ofDays(7)));

    assertThat(store.reads).hasValue(2);
  }
}
