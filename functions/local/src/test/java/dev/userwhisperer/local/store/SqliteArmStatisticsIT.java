package dev.userwhisperer.local.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.profile.ArmCounts;
import dev.userwhisperer.core.profile.Arms;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteArmStatisticsIT {
  @TempDir Path dir;
  SqliteDatabase db;
  SqliteArmStatistics stats;

  @BeforeEach
  void open() {
    db = new SqliteDatabase(dir.resolve("whisperer.db"));
    stats = new SqliteArmStatistics(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void anAppWithoutOutcomesHasNoCountsAndIncrementsAddUpPerApp() {
    assertThat(stats.counts("app1")).isEmpty();

    stats.add("app1", Map.of("email", ArmCounts.SUCCESS, Arms.hour(12), ArmCounts.SUCCESS));
    stats.add("app1", Map.of("email", new ArmCounts(0, 2)));
    stats.add("app2", Map.of("push", ArmCounts.FAILURE));
    stats.add("app1", Map.of());

    assertThat(stats.counts("app1"))
        .containsOnly(
            Map.entry("email", new ArmCounts(1, 2)), Map.entry(Arms.hour(12), ArmCounts.SUCCESS));
    assertThat(stats.counts("app2")).containsOnly(Map.entry("push", ArmCounts.FAILURE));
  }

  @Test
  void concurrentIncrementsLoseNoCount() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    stats.add(
                        "app1", Map.of("email", ArmCounts.SUCCESS, "push", ArmCounts.FAILURE));
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }

    assertThat(stats.counts("app1"))
        .containsOnly(
            Map.entry("email", new ArmCounts(200, 0)), Map.entry("push", new ArmCounts(0, 200)));
  }
}
