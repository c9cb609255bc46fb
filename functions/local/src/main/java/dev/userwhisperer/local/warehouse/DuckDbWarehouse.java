package dev.userwhisperer.local.warehouse;

import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.warehouse.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
 * TableSchema}). Appends are serialised on one connection and skip rows whose key is already there;
 * queries run on their own duplicate of the connection, so the dashboard reads while events land.
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
      s.execute("SET TimeZone = 'UTC'");
      for (Table table : Table.values()) {
        TableSchema schema = TableSchema.load(table);
        s.execute(schema.createTableSql());
        s.execute(stagingTableSql(schema));
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
        stage(table, schema, rows);
        try (Statement s = connection.createStatement()) {
          connection.setAutoCommit(false);
          try {
            s.execute(inserts.get(table));
            s.execute("DELETE FROM " + staging(table));
            connection.commit();
          } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
          } finally {
            connection.setAutoCommit(true);
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException(
            "cannot append to " + table.tableName() + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Loads the rows as text into the table's staging table with DuckDB's appender: one vectorised
   * load instead of one statement per row (which ran at about 150 rows/s against the key index).
   */
  private void stage(Table table, TableSchema schema, List<Map<String, Object>> rows)
      throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("DELETE FROM " + staging(table));
    }
    try (DuckDBAppender appender =
        connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, staging(table))) {
      for (Map<String, Object> row : rows) {
        appender.beginRow();
        for (String column : schema.columnNames()) {
          Object value = row.get(column);
          if (value == null) {
            appender.appendNull();
          } else {
            appender.append(value.toString());
          }
        }
        appender.endRow();
      }
    }
  }

  /**
   * Runs a query and returns its rows, each a map from column label to value in column order.
   * TIMESTAMPTZ values (and zone-less TIMESTAMPs, taken as UTC) come back as {@link Instant}, JSON
   * as its text; others as DuckDB's JDBC driver gives them (String, Long, Double, Boolean,
   * BigDecimal, …).
   */
  public List<Map<String, Object>> query(String sql) {
    Connection c;
    synchronized (connection) {
      try {
        c = connection.duplicate();
      } catch (SQLException e) {
        throw new IllegalStateException("cannot open a query connection on " + file, e);
      }
    }
    try (c;
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
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
    } catch (SQLException e) {
      throw new IllegalArgumentException("query failed: " + e.getMessage(), e);
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

  private static String staging(Table table) {
    return "staging_" + table.tableName();
  }

  private static String stagingTableSql(TableSchema schema) {
    String columns =
        schema.columnNames().stream()
            .map(c -> TableSchema.quote(c) + " VARCHAR")
            .collect(Collectors.joining(", "));
    return "CREATE OR REPLACE TABLE " + staging(schema.table()) + " (" + columns + ")";
  }

  /**
   * Moves the staged text into the table, cast to each column's type, skipping keys already there.
   */
  private static String insertSql(TableSchema schema) {
    String columns =
        schema.columnNames().stream().map(TableSchema::quote).collect(Collectors.joining(", "));
    String casts =
        schema.columns().stream()
            .map(c -> "CAST(" + TableSchema.quote(c.name()) + " AS " + c.duckDbType() + ")")
            .collect(Collectors.joining(", "));
    return "INSERT OR IGNORE INTO "
        + TableSchema.quote(schema.table().tableName())
        + " ("
        + columns
        + ") SELECT "
        + casts
        + " FROM "
        + staging(schema.table());
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
