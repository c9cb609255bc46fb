package dev.userwhisperer.local.warehouse;

import dev.userwhisperer.core.port.PersonalDataStore.Erased;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The warehouse in one DuckDB file, with the tables of {@code bigquery/schemas} (see {@link
 * TableSchema}). Appends are serialised on one connection: the rows go through DuckDB's appender
 * into a staging table and from there into the table with {@code INSERT OR IGNORE}, which skips
 * rows whose key is already there (row-by-row prepared inserts manage only ~150 rows/s against the
 * key index). Queries run on their own duplicate of the connection, so the dashboard reads while
 * events land.
 */
public final class DuckDbWarehouse implements Warehouse, AutoCloseable {
  private final Path file;
  private final DuckDBConnection connection;
  private final Map<Table, TableSchema> schemas = new EnumMap<>(Table.class);
  private final Map<Table, String> inserts = new EnumMap<>(Table.class);

  /** Opens (creating it and its directory when absent) the file and creates the missing tables. */
  public DuckDbWarehouse(Path file) {
    this.file = file.toAbsolutePath();
    try {
      if (this.file.getParent() != null) {
        Files.createDirectories(this.file.getParent());
      }
      connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + this.file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open " + this.file, e);
    }
    try (Statement s = connection.createStatement()) {
      s.execute("SET GLOBAL TimeZone = 'UTC'");
      for (Table table : Table.values()) {
        TableSchema schema = TableSchema.load(table);
        s.execute(schema.createTableSql());
        renameColumns(s, schema);
        addMissingColumns(s, schema);
        s.execute(stageSql(schema));
        schemas.put(table, schema);
        inserts.put(table, insertSql(schema));
      }
    } catch (SQLException e) {
      close();
      throw new IllegalStateException("cannot create the warehouse tables in " + this.file, e);
    }
  }

  public TableSchema schema(Table table) {
    return schemas.get(table);
  }

  /**
   * Appends the rows in one transaction, skipping those whose key is already in the table (or
   * earlier in {@code rows}).
   *
   * @throws IllegalArgumentException when a row has a column the table does not
   */
  @Override
  public void append(Table table, List<Map<String, Object>> rows) {
    if (rows.isEmpty()) {
      return;
    }
    TableSchema schema = schemas.get(table);
    Set<String> known = Set.copyOf(schema.columnNames());
    for (Map<String, Object> row : rows) {
      if (!known.containsAll(row.keySet())) {
        Set<String> unknown = new TreeSet<>(row.keySet());
        unknown.removeAll(known);
        throw new IllegalArgumentException(
            "table " + table.tableName() + " has no columns " + unknown);
      }
    }
    synchronized (connection) {
      try {
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
          String stage = TableSchema.quote(stageName(table));
          s.execute("DELETE FROM " + stage);
          try (DuckDBAppender appender =
              connection.createAppender("temp", "main", stageName(table))) {
            for (Map<String, Object> row : rows) {
              appender.beginRow();
              for (TableSchema.Column column : schema.columns()) {
                appendValue(appender, column, row.get(column.name()));
              }
              appender.endRow();
            }
          }
          s.execute(inserts.get(table));
          s.execute("DELETE FROM " + stage);
          connection.commit();
        } catch (SQLException | RuntimeException e) {
          connection.rollback();
          throw e;
        } finally {
          connection.setAutoCommit(true);
        }
      } catch (SQLException e) {
        throw new IllegalStateException(
            "cannot append to " + table.tableName() + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Deletes the user's rows from every table, in one transaction: by {@code user_id}, and from
   * {@code quarantined_events} (no user column) the rows whose payload names the user.
   *
   * @return rows removed per table, as {@code duckdb.<table>}
   */
  public List<Erased> erase(String appId, String userId) {
    List<Erased> erased = new ArrayList<>();
    synchronized (connection) {
      try {
        connection.setAutoCommit(false);
        try {
          for (Table table : Table.values()) {
            boolean byUser = schemas.get(table).columnNames().contains("user_id");
            String where =
                byUser
                    ? "app_id = ? AND user_id = ?"
                    : "app_id = ? AND CASE WHEN json_valid(payload) THEN"
                        + " coalesce(json_extract_string(payload, '$.userId'),"
                        + " 'anon:' || json_extract_string(payload, '$.anonymousId')) END = ?";
            try (PreparedStatement p =
                connection.prepareStatement(
                    "DELETE FROM " + TableSchema.quote(table.tableName()) + " WHERE " + where)) {
              p.setString(1, appId);
              p.setString(2, userId);
              erased.add(new Erased("duckdb." + table.tableName(), p.executeUpdate()));
            }
          }
          connection.commit();
        } catch (SQLException | RuntimeException e) {
          connection.rollback();
          throw e;
        } finally {
          connection.setAutoCommit(true);
        }
      } catch (SQLException e) {
        throw new IllegalStateException("cannot erase a user: " + e.getMessage(), e);
      }
    }
    return erased;
  }

  /**
   * Runs a query and returns its rows, each a map from column label to value in column order.
   * TIMESTAMPTZ values (and zone-less TIMESTAMPs, taken as UTC) come back as {@link Instant}, JSON
   * as its text; others as DuckDB's JDBC driver gives them (String, Long, Double, Boolean,
   * BigDecimal, …).
   */
  public List<Map<String, Object>> query(String sql) {
    return query(sql, List.of());
  }

  /**
   * As {@link #query(String)}, with {@code parameters} bound to the statement's {@code ?} in order:
   * what a reader passes for values a person typed (a user id), never spliced into the SQL.
   */
  public List<Map<String, Object>> query(String sql, List<?> parameters) {
    Connection c;
    synchronized (connection) {
      try {
        c = connection.duplicate();
      } catch (SQLException e) {
        throw new IllegalStateException("cannot open a query connection on " + file, e);
      }
    }
    try (c;
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.size(); i++) {
        s.setObject(i + 1, parameters.get(i));
      }
      return rows(s.executeQuery());
    } catch (SQLException e) {
      throw new IllegalArgumentException("query failed: " + e.getMessage(), e);
    }
  }

  private static List<Map<String, Object>> rows(ResultSet result) throws SQLException {
    try (ResultSet rs = result) {
      ResultSetMetaData meta = rs.getMetaData();
      List<Map<String, Object>> rows = new ArrayList<>();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i), readable(rs.getObject(i), meta.getColumnTypeName(i)));
        }
        rows.add(Collections.unmodifiableMap(row));
      }
      return rows;
    }
  }

  /**
   * Creates, or replaces, a view over the warehouse tables.
   *
   * @param select one SELECT, as in {@code bigquery/views}
   */
  public void createView(String name, String select) {
    if (!name.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a view name: " + name);
    }
    synchronized (connection) {
      try (Statement s = connection.createStatement()) {
        s.execute("CREATE OR REPLACE VIEW " + name + " AS " + select);
      } catch (SQLException e) {
        throw new IllegalArgumentException("cannot create view " + name + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void close() {
    synchronized (connection) {
      try {
        connection.close();
      } catch (SQLException e) {
        throw new IllegalStateException("cannot close " + file, e);
      }
    }
  }

  /**
   * Columns renamed in the schema files since a table may have been created: the outbound message's
   * id was {@code message_id}, the name an event's id keeps.
   */
  private static final Map<String, String> RENAMED_COLUMNS = Map.of("message_id", "outbound_id");

  /** A column renamed in a schema file after the table was created is renamed in the table. */
  private static void renameColumns(Statement s, TableSchema schema) throws SQLException {
    Set<String> existing = columns(s, schema);
    Set<String> wanted = new HashSet<>();
    schema.columns().forEach(c -> wanted.add(c.name()));
    for (Map.Entry<String, String> renamed : RENAMED_COLUMNS.entrySet()) {
      String before = renamed.getKey();
      String after = renamed.getValue();
      if (existing.contains(before)
          && !existing.contains(after)
          && wanted.contains(after)
          && !wanted.contains(before)) {
        s.execute(
            "ALTER TABLE "
                + TableSchema.quote(schema.table().tableName())
                + " RENAME COLUMN "
                + TableSchema.quote(before)
                + " TO "
                + TableSchema.quote(after));
      }
    }
  }

  private static Set<String> columns(Statement s, TableSchema schema) throws SQLException {
    Set<String> existing = new HashSet<>();
    try (ResultSet rs =
        s.executeQuery(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = '"
                + schema.table().tableName()
                + "'")) {
      while (rs.next()) {
        existing.add(rs.getString(1));
      }
    }
    return existing;
  }

  /**
   * A column added to a schema file after the table was created is added to the table, nullable
   * (DuckDB cannot add a NOT NULL column to rows that exist), so an old warehouse file keeps
   * working.
   */
  private static void addMissingColumns(Statement s, TableSchema schema) throws SQLException {
    Set<String> existing = columns(s, schema);
    for (TableSchema.Column c : schema.columns()) {
      if (!existing.contains(c.name())) {
        s.execute(
            "ALTER TABLE "
                + TableSchema.quote(schema.table().tableName())
                + " ADD COLUMN "
                + TableSchema.quote(c.name())
                + " "
                + c.duckDbType());
      }
    }
  }

  private static String stageName(Table table) {
    return "stage_" + table.tableName();
  }

  /** A constraint-free copy of the table on this connection, which the appender fills quickly. */
  private static String stageSql(TableSchema schema) {
    String columns =
        schema.columns().stream()
            .map(
                c ->
                    TableSchema.quote(c.name())
                        + " "
                        + (c.duckDbType().equals("JSON") ? "VARCHAR" : c.duckDbType()))
            .collect(Collectors.joining(", "));
    return "CREATE OR REPLACE TEMP TABLE "
        + TableSchema.quote(stageName(schema.table()))
        + " ("
        + columns
        + ")";
  }

  /**
   * Moves the staged rows whose key is new into the table, the first of each key in a batch
   * winning.
   */
  private static String insertSql(TableSchema schema) {
    String columns =
        schema.columnNames().stream().map(TableSchema::quote).collect(Collectors.joining(", "));
    String key =
        schema.table().key().stream().map(TableSchema::quote).collect(Collectors.joining(", "));
    return "INSERT OR IGNORE INTO "
        + TableSchema.quote(schema.table().tableName())
        + " ("
        + columns
        + ") "
        + "SELECT "
        + columns
        + " FROM "
        + TableSchema.quote(stageName(schema.table()))
        + " QUALIFY row_number() OVER (PARTITION BY "
        + key
        + " ORDER BY rowid) = 1";
  }

  private static void appendValue(DuckDBAppender appender, TableSchema.Column column, Object value)
      throws SQLException {
    if (value == null) {
      appender.appendNull();
      return;
    }
    try {
      switch (column.duckDbType()) {
        case "VARCHAR", "JSON" -> appender.append(value.toString());
        case "BIGINT" -> appender.append(((Number) value).longValue());
        case "DOUBLE" -> appender.append(((Number) value).doubleValue());
        case "BOOLEAN" -> appender.append((Boolean) value);
        case "TIMESTAMPTZ" -> appender.append(((Instant) value).atOffset(ZoneOffset.UTC));
        default -> throw new IllegalStateException("no appender for " + column.duckDbType());
      }
    } catch (ClassCastException e) {
      throw new IllegalArgumentException(
          "column "
              + column.name()
              + " ("
              + column.bigQueryType()
              + ") cannot hold a "
              + value.getClass().getSimpleName(),
          e);
    }
  }

  private static Object readable(Object value, String typeName) {
    if (value instanceof OffsetDateTime t) {
      return t.toInstant();
    }
    if (value instanceof Timestamp t) {
      return t.toLocalDateTime().toInstant(ZoneOffset.UTC); // a zone-less TIMESTAMP, read as UTC
    }
    if (value != null && "JSON".equalsIgnoreCase(typeName)) {
      return value.toString();
    }
    return value;
  }
}
