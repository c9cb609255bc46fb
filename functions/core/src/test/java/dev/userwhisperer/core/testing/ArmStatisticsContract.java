package dev.userwhisperer.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.profile.ArmCounts;
import dev.userwhisperer.core.profile.Arms;
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
  protected abstract ArmStatistics statistics();

  @Test
  void anAppWithoutOutcomesHasNoCountsAndIncrementsAddUpPerApp() {
    ArmStatistics stats = statistics();
    assertThat(stats.counts("arms-app/1")).isEmpty();

    stats.add("arms-app/1", Map.of("email", ArmCounts.SUCCESS, Arms.hour(12), ArmCounts.SUCCESS));
    stats.add("arms-app/1", Map.of("email", new ArmCounts(0, 2)));
    stats.add("arms-app-2", Map.of("push", ArmCounts.FAILURE));
    stats.add("arms-app/1", Map.of());

    assertThat(stats.counts("arms-app/1"))
        .containsOnly(
            Map.entry("email", new ArmCounts(1, 2)), Map.entry(Arms.hour(12), ArmCounts.SUCCESS));
    assertThat(stats.counts("arms-app-2")).containsOnly(Map.entry("push", ArmCounts.FAILURE));
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
                        Map.of("email", ArmCounts.SUCCESS, "push", ArmCounts.FAILURE));
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }

    assertThat(stats.counts("arms-concurrent"))
        .containsOnly(
            Map.entry("email", new ArmCounts(40, 0)), Map.entry("push", new ArmCounts(0, 40)));
  }
}
