package dev.userwhisperer.local.warehouse;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.Table;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A warehouse table's columns as declared in {@code bigquery/schemas/<table>.json}, which the build
 * copies to {@code warehouse/schemas/} on the classpath, and its DuckDB DDL.
 */
public record TableSchema(Table table, List<Column> columns) {

  /**
   * One column. BigQuery's TIMESTAMP is an absolute point in time, so it maps to DuckDB's
   * TIMESTAMPTZ (shown and truncated in UTC, as BigQuery does, because the connection's time zone
   * is UTC) rather than to a zone-less TIMESTAMP that would need a convention to mean an instant.
   */
  public record Column(String name, String bigQueryType, boolean required) {
    private static final Map<String, String> DUCKDB_TYPES =
        Map.of(
            "STRING", "VARCHAR",
            "INT64", "BIGINT",
            "FLOAT64", "DOUBLE",
            "BOOL", "BOOLEAN",
            "TIMESTAMP", "TIMESTAMPTZ",
            "JSON", "JSON");

    public String duckDbType() {
      String type = DUCKDB_TYPES.get(bigQueryType);
      if (type == null) {
        throw new IllegalStateException(
            "no DuckDB type for BigQuery type " + bigQueryType + " of " + name);
      }
      return type;
    }
  }

  public TableSchema {
    columns = List.copyOf(columns);
  }

  /** Reads the table's schema file from the classpath. */
  public static TableSchema load(Table table) {
    String resource = "warehouse/schemas/" + table.tableName() + ".json";
    try (InputStream in = TableSchema.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema " + resource + " is not on the classpath");
      }
      List<Column> columns = new ArrayList<>();
      for (JsonNode field : Json.tree(in.readAllBytes())) {
        String mode = field.path("mode").asString("NULLABLE").toUpperCase(Locale.ROOT);
        if (mode.equals("REPEATED")) {
          throw new IllegalStateException("REPEATED columns are not supported: " + resource);
        }
        columns.add(
            new Column(
                field.required("name").asString(),
                field.required("type").asString().toUpperCase(Locale.ROOT),
                mode.equals("REQUIRED")));
      }
      TableSchema schema = new TableSchema(table, columns);
      for (String key : table.key()) {
        schema.column(key);
      }
      return schema;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Column column(String name) {
    return columns.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "table " + table.tableName() + " has no column " + name));
  }

  public List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  /**
   * {@code CREATE TABLE IF NOT EXISTS} with NOT NULL for REQUIRED columns and the table's key as
   * primary key.
   */
  public String createTableSql() {
    String cols =
        columns.stream()
            .map(c -> quote(c.name()) + " " + c.duckDbType() + (c.required() ? " NOT NULL" : ""))
            .collect(Collectors.joining(", "));
    String key = table.key().stream().map(TableSchema::quote).collect(Collectors.joining(", "));
    return "CREATE TABLE IF NOT EXISTS "
        + quote(table.tableName())
        + " ("
        + cols
        + ", PRIMARY KEY ("
        + key
        + "))";
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
