package dev.userwhisperer.local.warehouse;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.PersonalDataStore;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.local.store.SqliteDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse as the stages see it locally: {@link #append} commits the rows to a buffer table in
 * the SQLite file (microseconds, durable like everything else there), and a background flusher
 * moves them to DuckDB in large batches. DuckDB commits cost milliseconds each, so appending to it
 * once per pipeline message held the whole pipeline to a few dozen messages a second; batched, the
 * warehouse trails the pipeline by about one flush interval and slows nothing.
 *
 * <p>A failed flush leaves the rows in the buffer and is retried on the next tick; rows are deleted
 * from the buffer only after DuckDB committed them, and DuckDB ignores rows whose key it has, so a
 * crash between the two repeats nothing.
 *
 * <p>Inside a {@linkplain SqliteDatabase#transaction transaction} of the buffer's file, rows are
 * held back ({@link SqliteDatabase.HeldBack}) and made, encoded (on all cores at once) and inserted
 * at its end, before the commit; a savepoint undone forgets the rows appended in it.
 */
public final class BufferedWarehouse implements Warehouse, PersonalDataStore, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BufferedWarehouse.class);
  private static final int FLUSH_ROWS = 20_000;

  private final SqliteDatabase buffer;
  private final DuckDbWarehouse target;
  private final ScheduledExecutorService flusher =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "warehouse-flush"));
  private volatile boolean failing;
  private final HeldRows held = new HeldRows();

  public BufferedWarehouse(SqliteDatabase buffer, DuckDbWarehouse target, Duration interval) {
    this.buffer = buffer;
    this.target = target;
    buffer.holdBack(held);
    flusher.scheduleWithFixedDelay(
        this::flushOnTimer, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void append(Table table, List<Map<String, Object>> rows) {
    if (rows.isEmpty()) {
      return;
    }
    if (buffer.inTransaction()) {
      held.rows.add(new Later(table, () -> rows));
      return;
    }
    buffer.write(
        c -> {
          insert(
              c, rows.stream().map(row -> new Encoded(table, Json.encodeToString(row))).toList());
          return null;
        });
  }

  @Override
  public void appendLater(Table table, Supplier<List<Map<String, Object>>> rows) {
    if (buffer.inTransaction()) {
      held.rows.add(new Later(table, rows));
    } else {
      append(table, rows.get());
    }
  }

  private void insert(Connection c, List<Encoded> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    PreparedStatement insert =
        buffer.prepared(c, "INSERT INTO warehouse_buffer (table_name, row) VALUES (?, ?)");
    for (Encoded row : rows) {
      insert.setString(1, row.table().name());
      insert.setString(2, row.json());
      insert.addBatch();
    }
    insert.executeBatch();
  }

  private record Later(Table table, Supplier<List<Map<String, Object>>> rows) {}

  private record Encoded(Table table, String json) {}

  /** The rows appended in the current transaction of the buffer's file, not yet made. */
  private final class HeldRows implements SqliteDatabase.HeldBack {
    private final List<Later> rows = new ArrayList<>();

    @Override
    public int mark() {
      return rows.size();
    }

    @Override
    public void undoTo(int mark) {
      rows.subList(mark, rows.size()).clear();
    }

    @Override
    public void writeHeld(Connection writer) throws SQLException {
      List<Encoded> encoded =
          rows.parallelStream()
              .flatMap(
                  later ->
                      later.rows().get().stream()
                          .map(row -> new Encoded(later.table(), Json.encodeToString(row))))
              .toList();
      insert(writer, encoded);
      rows.clear();
    }
  }

  /** Moves everything buffered so far to DuckDB; returns how many rows moved. */
  public synchronized int flush() {
    int moved = 0;
    int batch;
    do {
      batch = flushBatch();
      moved += batch;
    } while (batch == FLUSH_ROWS);
    return moved;
  }

  /**
   * Erases the user from the warehouse: moves what is buffered to DuckDB, deletes the user's rows
   * there, then the user's rows buffered meanwhile.
   */
  @Override
  public synchronized List<Erased> erase(ErasureScope scope) {
    flush();
    List<Erased> erased = new ArrayList<>(target.erase(scope.appId(), scope.userId()));
    erased.add(
        buffer.write(
            c -> {
              try (PreparedStatement delete =
                  c.prepareStatement(
                      "DELETE FROM warehouse_buffer WHERE json_extract(row, '$.app_id') = ?"
                          + " AND json_extract(row, '$.user_id') = ?")) {
                delete.setString(1, scope.appId());
                delete.setString(2, scope.userId());
                return new Erased("sqlite.warehouse_buffer", delete.executeUpdate());
              }
            }));
    return erased;
  }

  /** Rows waiting to reach DuckDB. */
  public long backlog() {
    return buffer.read(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT count(*) FROM warehouse_buffer")) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  private int flushBatch() {
    record Buffered(long seq, Table table, String row) {}
    List<Buffered> buffered =
        buffer.read(
            c -> {
              List<Buffered> found = new ArrayList<>();
              try (PreparedStatement p =
                  c.prepareStatement(
                      "SELECT seq, table_name, row FROM warehouse_buffer ORDER BY seq LIMIT "
                          + FLUSH_ROWS)) {
                try (ResultSet rs = p.executeQuery()) {
                  while (rs.next()) {
                    found.add(
                        new Buffered(
                            rs.getLong(1), Table.valueOf(rs.getString(2)), rs.getString(3)));
                  }
                }
              }
              return found;
            });
    if (buffered.isEmpty()) {
      return 0;
    }
    Map<Table, List<Map<String, Object>>> byTable = new EnumMap<>(Table.class);
    for (Buffered b : buffered) {
      byTable.computeIfAbsent(b.table(), t -> new ArrayList<>()).add(typed(b.table(), b.row()));
    }
    byTable.forEach(target::append);
    long last = buffered.get(buffered.size() - 1).seq();
    buffer.write(
        c -> {
          try (PreparedStatement delete =
              c.prepareStatement("DELETE FROM warehouse_buffer WHERE seq <= ?")) {
            delete.setLong(1, last);
            return delete.executeUpdate();
          }
        });
    return buffered.size();
  }

  /** JSON gave timestamps back as text: restore them as instants by the table's schema. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> typed(Table table, String json) {
    Map<String, Object> row =
        new LinkedHashMap<>(
            Json.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.class));
    TableSchema schema = target.schema(table);
    row.replaceAll(
        (column, value) ->
            value instanceof String text && "TIMESTAMP".equals(schema.column(column).bigQueryType())
                ? Instant.parse(text)
                : value);
    return row;
  }

  private void flushOnTimer() {
    try {
      flush();
      if (failing) {
        log.info("warehouse flush works again");
        failing = false;
      }
    } catch (RuntimeException e) {
      if (!failing) {
        // the rows stay in the buffer; the next tick retries
        log.warn("warehouse flush failed; rows stay buffered and are retried", e);
        failing = true;
      }
    }
  }

  /** Stops the flusher after one last flush; the buffer keeps what could not be moved. */
  @Override
  public void close() {
    flusher.shutdown();
    try {
      flusher.awaitTermination(30, TimeUnit.SECONDS);
      flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("last warehouse flush failed; the rows stay buffered for the next start", e);
    }
  }
}
