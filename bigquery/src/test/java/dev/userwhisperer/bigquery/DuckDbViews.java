package dev.userwhisperer.bigquery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An in-memory DuckDB holding the warehouse tables (from {@code schemas/*.json}) and the dashboard
 * views (from {@code views/*.sql}) in its default schema, where their bare table names resolve.
 */
final class DuckDbViews implements AutoCloseable {
  static final Path SCHEMAS = Path.of("schemas");
  static final Path VIEWS = Path.of("views");

  private final Connection connection;
  private final Map<String, TableSchema> tables = new LinkedHashMap<>();

  DuckDbViews() throws SQLException, IOException {
    connection = DriverManager.getConnection("jdbc:duckdb:");
    execute("SET TimeZone = 'UTC'");
    for (TableSchema schema : TableSchema.readAll(SCHEMAS)) {
      execute(schema.duckDbDdl());
      tables.put(schema.table(), schema);
    }
  }

  static List<Path> viewFiles() throws IOException {
    try (Stream<Path> files = Files.list(VIEWS)) {
      return files.filter(f -> f.toString().endsWith(".sql")).sorted().toList();
    }
  }

  static String viewName(Path file) {
    return file.getFileName().toString().replaceFirst("\\.sql$", "");
  }

  DuckDbViews withViews() throws IOException, SQLException {
    for (Path file : viewFiles()) {
      execute("CREATE VIEW " + viewName(file) + " AS " + Files.readString(file));
    }
    return this;
  }

  /** Inserts a row; columns left out are NULL, values are given as SQL literals' text. */
  void insert(String table, Map<String, String> row) throws SQLException {
    TableSchema schema = tables.get(table);
    List<TableSchema.Column> columns =
        schema.columns().stream().filter(c -> row.containsKey(c.name())).toList();
    if (columns.size() != row.size()) {
      throw new IllegalArgumentException(table + " has no column among " + row.keySet());
    }
    String sql =
        "INSERT INTO "
            + table
            + columns.stream()
                .map(c -> '"' + c.name() + '"')
                .collect(Collectors.joining(", ", " (", ")"))
            + " VALUES "
            + columns.stream()
                .map(c -> "CAST(? AS " + schema.duckDbType(c) + ")")
                .collect(Collectors.joining(", ", "(", ")"));
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      for (int i = 0; i < columns.size(); i++) {
        insert.setString(i + 1, row.get(columns.get(i).name()));
      }
      insert.executeUpdate();
    }
  }

  /** Inserts a decision of app a1 with the columns the views read; a null intervention is NULL. */
  void decision(
      String id,
      String signalType,
      String user,
      String outcome,
      String reason,
      String intervention,
      String at)
      throws SQLException {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("app_id", "a1");
    row.put("decision_id", id);
    row.put("user_id", user);
    row.put("signal_type", signalType);
    row.put("outcome", outcome);
    row.put("reason", reason);
    if (intervention != null) {
      row.put("intervention", intervention);
    }
    row.put("decided_at", at);
    row.put("propensity", "1.0");
    insert("decisions", row);
  }

  /** Inserts an event of app a1. */
  void event(String user, String messageId, String type, String at) throws SQLException {
    insert(
        "events",
        Map.of(
            "app_id", "a1",
            "message_id", messageId,
            "user_id", user,
            "type", type,
            "event_time", at,
            "received_at", at));
  }

  /** The rows of a query, each rendered as its values joined by {@code |} (NULL as "null"). */
  List<String> rows(String query) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(query)) {
      int n = rs.getMetaData().getColumnCount();
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i == 1 ? "" : "|").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
      return rows;
    }
  }

  List<String> columns(String relation) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT * FROM " + relation + " LIMIT 0")) {
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        names.add(rs.getMetaData().getColumnName(i));
      }
      return names;
    }
  }

  private void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
