package dev.userwhisperer.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.profile.ArmCounts;
import dev.userwhisperer.core.profile.Arms;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ArmStatistics} adapter does; a subclass supplies the store. The app ids are
 * this contract's own (one with a slash, as app ids may have), so a store shared between tests,
 * such as an emulator's, needs no cleaning.
 */
public abstract class ArmStatisticsContract {
  /** A Thursday 00:00 UTC: the first instant of an epoch week. */
  private static final Instant WEEK_START = Instant.parse("2026-11-26T00:00:00Z");

  private static final Instant NOW = WEEK_START.plus(Duration.ofDays(2));

  protected abstract ArmStatistics statistics();

  @Test
  void epochWeeksStartOnThursdayAtMidnightUtc() {
    assertThat(ArmStatistics.weekOf(WEEK_START))
        .isEqualTo(ArmStatistics.weekOf(WEEK_START.minusNanos(1)) + 1)
        .isEqualTo(ArmStatistics.weekOf(WEEK_START.plus(Duration.ofDays(7)).minusNanos(1)));
  }

  @Test
  void anAppWithoutOutcomesHasNoCountsAndIncrementsAddUpPerApp() {
    ArmStatistics stats = statistics();
    assertThat(stats.counts("arms-app/1", NOW)).isEmpty();

    stats.add(
        "arms-app/1", Map.of("email", ArmCounts.SUCCESS, Arms.hour(12), ArmCounts.SUCCESS), NOW);
    stats.add("arms-app/1", Map.of("email", new ArmCounts(0, 2)), WEEK_START);
    stats.add("arms-app-2", Map.of("push", ArmCounts.FAILURE), NOW);
    stats.add("arms-app/1", Map.of(), NOW);

    assertThat(stats.counts("arms-app/1", NOW))
        .containsOnly(
            Map.entry("email", new ArmCounts(1, 2)), Map.entry(Arms.hour(12), ArmCounts.SUCCESS));
    assertThat(stats.counts("arms-app-2", NOW)).containsOnly(Map.entry("push", ArmCounts.FAILURE));
  }

  @Test
  void aReadSumsTheWindowsWeeksAndNoOther() {
    ArmStatistics stats = statistics();
    Instant oldestInWindow =
        WEEK_START.minus(Duration.ofDays(7L * (ArmStatistics.WINDOW_WEEKS - 1)));
    stats.add("arms-window", Map.of("email", ArmCounts.SUCCESS), NOW);
    stats.add("arms-window", Map.of("email", ArmCounts.SUCCESS), oldestInWindow);
    stats.add("arms-window", Map.of("email", ArmCounts.FAILURE), oldestInWindow.minusNanos(1));
    stats.add("arms-window", Map.of("push", ArmCounts.FAILURE), oldestInWindow.minusSeconds(60));
    stats.add(
        "arms-window", Map.of("email", ArmCounts.FAILURE), WEEK_START.plus(Duration.ofDays(7)));

    assertThat(stats.counts("arms-window", NOW))
        .containsOnly(Map.entry("email", new ArmCounts(2, 0)));
    assertThat(stats.counts("arms-window", oldestInWindow.minusNanos(1)))
        .containsOnly(Map.entry("email", ArmCounts.FAILURE), Map.entry("push", ArmCounts.FAILURE));
  }

  @Test
  void concurrentIncrementsLoseNoCount() throws Exception {
    ArmStatistics stats = statistics();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 10; i++) {
                    stats.add(
                        "arms-concurrent",
                        Map.of("email", ArmCounts.SUCCESS, "push", ArmCounts.FAILURE),
                        NOW);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }

    assertThat(stats.counts("arms-concurrent", NOW))
        .containsOnly(
            Map.entry("email", new ArmCounts(40, 0)), Map.entry("push", new ArmCounts(0, 40)));
  }
}
