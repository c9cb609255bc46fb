package dev.userwhisperer.local.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.decide.KeptDecision;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.testing.Decisions;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import dev.userwhisperer.models.WarehouseDecision;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the learn job reads from the local warehouse: the decisions the churn training replays, as
 * decide wrote them, and the event counts that tell it whether a model is due.
 */
class DuckDbWarehouseEventSourceIT {
  private static final Instant MARCH_1 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;
  private DuckDbWarehouse warehouse;

  @BeforeEach
  void open() {
    warehouse = new DuckDbWarehouse(dir.resolve("warehouse.duckdb"));
  }

  @AfterEach
  void close() {
    warehouse.close();
  }

  @Test
  void decisionsUpToAnInstantAreReadBackAsDecideKeptThemOnTheProfile() {
    Decision deferred =
        Decisions.decision("d1")
            .reason(DecisionReason.QUIET_HOURS)
            .channel(Channel.PUSH)
            .hourChoice(20, List.of(20), 1.0)
            .at(MARCH_1)
            .sendAt(MARCH_1.plus(Duration.ofHours(10)))
            .build();
    Decision notSent =
        Decisions.decision("d2")
            .reason(DecisionReason.NO_INTERVENTION)
            .at(MARCH_1.plus(Duration.ofDays(1)))
            .build();
    Decision later =
        Decisions.decision("d3")
            .hourChoice(8, List.of(8), 1.0)
            .at(MARCH_1.plus(Duration.ofDays(3)))
            .build();
    Decision otherApp =
        Decisions.decision("d4").app("app2").hourChoice(8, List.of(8), 1.0).at(MARCH_1).build();
    for (Decision d : List.of(later, notSent, otherApp, deferred)) {
      warehouse.append(Table.DECISIONS, List.of(WarehouseRows.decision(d)));
    }

    List<WarehouseDecision> read =
        new DuckDbWarehouseEventSource(warehouse)
            .decisions(Optional.of("app1"), MARCH_1.plus(Duration.ofDays(2)));

    assertThat(read)
        .containsExactly(
            new WarehouseDecision("app1", "u1", KeptDecision.of(deferred)),
            new WarehouseDecision("app1", "u1", KeptDecision.of(notSent)));
  }

  @Test
  void theCountsPerAppAreTheSizesOfTheEventsReadUpToTheSameInstant() {
    try (DuckDbWarehouse counted = new DuckDbWarehouse(dir.resolve("counted.duckdb"))) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        rows.add(event(i % 3 == 0 ? "shop" : "game", "m" + i, MARCH_1.plus(Duration.ofHours(i))));
      }
      counted.append(Table.EVENTS, rows);
      DuckDbWarehouseEventSource source = new DuckDbWarehouseEventSource(counted);
      Instant until = MARCH_1.plus(Duration.ofHours(20));

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
