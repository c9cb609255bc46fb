package dev.userwhisperer.local.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.local.store.SqliteDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BufferedWarehouseIT {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456Z");

  @TempDir Path dir;
  SqliteDatabase db;
  DuckDbWarehouse duckDb;
  BufferedWarehouse warehouse;

  @BeforeEach
  void open() {
    db = new SqliteDatabase(dir.resolve("data/whisperer.db"));
    duckDb = new DuckDbWarehouse(dir.resolve("data/warehouse.duckdb"));
    warehouse = new BufferedWarehouse(db, duckDb, Duration.ofHours(1));
  }

  @AfterEach
  void close() {
    warehouse.close();
    duckDb.close();
    db.close();
  }

  @Test
  void rowsAppendedInsideATransactionAreMadeAndBufferedAtItsCommitInTheirOrder() {
    AtomicInteger made = new AtomicInteger();
    db.transaction(
        c -> {
          warehouse.append(Table.EVENTS, List.of(event("m1")));
          warehouse.appendLater(
              Table.EVENTS,
              () -> {
                made.incrementAndGet();
                return List.of(event("m2"), event("m3"));
              });
          assertThat(made).hasValue(0);
          assertThat(bufferedIn(c)).isZero();
          return null;
        });

    assertThat(made).hasValue(1);
    assertThat(warehouse.backlog()).isEqualTo(3);
    assertThat(warehouse.flush()).isEqualTo(3);
    assertThat(duckDb.query("SELECT message_id FROM events ORDER BY message_id"))
        .extracting(r -> r.get("message_id"))
        .containsExactly("m1", "m2", "m3");
  }

  @Test
  void aTransactionRolledBackMakesAndBuffersNoneOfItsRows() {
    AtomicInteger made = new AtomicInteger();
    assertThatThrownBy(
            () ->
                db.transaction(
                    c -> {
                      warehouse.append(Table.EVENTS, List.of(event("m1")));
                      warehouse.appendLater(
                          Table.EVENTS,
                          () -> {
                            made.incrementAndGet();
                            return List.of(event("m2"));
                          });
                      throw new IllegalStateException("crash before commit");
                    }))
        .hasMessage("crash before commit");

    db.transaction(c -> null);
    assertThat(made).hasValue(0);
    assertThat(warehouse.backlog()).isZero();
  }

  @Test
  void aSavepointUndoneForgetsOnlyTheRowsAppendedInIt() {
    db.transaction(
        c -> {
          warehouse.append(Table.EVENTS, List.of(event("m1")));
          assertThatThrownBy(
                  () ->
                      db.write(
                          savepoint -> {
                            warehouse.appendLater(Table.EVENTS, () -> List.of(event("m2")));
                            throw new IllegalStateException("message failed");
                          }))
              .hasMessage("message failed");
          db.write(
              savepoint -> {
                warehouse.append(Table.EVENTS, List.of(event("m3")));
                return null;
              });
          return null;
        });

    warehouse.flush();
    assertThat(duckDb.query("SELECT message_id FROM events ORDER BY message_id"))
        .extracting(r -> r.get("message_id"))
        .containsExactly("m1", "m3");
  }

  @Test
  void rowsAppendedOutsideATransactionAreBufferedAtOnce() {
    warehouse.appendLater(Table.EVENTS, () -> List.of(event("m1")));

    assertThat(warehouse.backlog()).isEqualTo(1);
  }

  private static long bufferedIn(java.sql.Connection c) throws java.sql.SQLException {
    try (var s = c.createStatement();
        var rs = s.executeQuery("SELECT count(*) FROM warehouse_buffer")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Map<String, Object> event(String messageId) {
    Map<String, Object> row = new HashMap<>();
    row.put("app_id", "app");
    row.put("message_id", messageId);
    row.put("user_id", "u1");
    row.put("type", "page_viewed");
    row.put("event_time", T0);
    row.put("received_at", T0);
    row.put("properties", "{}");
    return row;
  }
}
