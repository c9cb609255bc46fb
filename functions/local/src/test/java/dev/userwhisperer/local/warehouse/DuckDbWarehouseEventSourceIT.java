package dev.userwhisperer.local.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.models.WarehouseEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbWarehouseEventSourceIT {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;

  @Test
  void theCountsPerAppAreTheSizesOfTheEventsReadUpToTheSameInstant() {
    try (DuckDbWarehouse warehouse = new DuckDbWarehouse(dir.resolve("warehouse.duckdb"))) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        rows.add(event(i % 3 == 0 ? "shop" : "game", "m" + i, T0.plus(Duration.ofHours(i))));
      }
      warehouse.append(Table.EVENTS, rows);
      DuckDbWarehouseEventSource source = new DuckDbWarehouseEventSource(warehouse);
      Instant until = T0.plus(Duration.ofHours(20));

      Map<String, Long> read = new LinkedHashMap<>();
      for (WarehouseEvent e : source.events(Optional.empty(), until)) {
        read.merge(e.appId(), 1L, Long::sum);
      }

      assertThat(source.countsByApp(until)).isEqualTo(read).containsEntry("shop", 7L);
      assertThat(source.countsByApp(until).keySet()).containsExactly("game", "shop");
    }
  }

  private static Map<String, Object> event(String app, String messageId, Instant at) {
    Map<String, Object> row = new HashMap<>();
    row.put("app_id", app);
    row.put("message_id", messageId);
    row.put("user_id", "u1");
    row.put("type", "session_started");
    row.put("event_time", at);
    row.put("received_at", at);
    return row;
  }
}
