package dev.userwhisperer.bigquery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A table as described by a BigQuery JSON schema file ({@code schemas/<table>.json}). */
record TableSchema(String table, List<Column> columns) {

  record Column(String name, String type, boolean required) {}

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** BigQuery column types and the DuckDB type that holds the same values (timestamps in UTC). */
  private static final Map<String, String> DUCKDB_TYPES =
      Map.ofEntries(
          Map.entry("STRING", "VARCHAR"),
          Map.entry("INT64", "BIGINT"),
          Map.entry("INTEGER", "BIGINT"),
          Map.entry("FLOAT64", "DOUBLE"),
          Map.entry("FLOAT", "DOUBLE"),
          Map.entry("NUMERIC", "DECIMAL(38, 9)"),
          Map.entry("BOOL", "BOOLEAN"),
          Map.entry("BOOLEAN", "BOOLEAN"),
          Map.entry("TIMESTAMP", "TIMESTAMP"),
          Map.entry("DATE", "DATE"),
          Map.entry("BYTES", "BLOB"),
          Map.entry("JSON", "JSON"));

  static TableSchema read(Path file) {
    String name = file.getFileName().toString().replaceFirst("\\.json$", "");
    JsonNode fields = JSON.readTree(file.toFile());
    List<Column> columns =
        fields
            .valueStream()
            .map(
                f ->
                    new Column(
                        f.get("name").asString(),
                        f.get("type").asString(),
                        "REQUIRED".equals(f.path("mode").asString("NULLABLE"))))
            .toList();
    return new TableSchema(name, columns);
  }

  static List<TableSchema> readAll(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.toString().endsWith(".json"))
          .sorted()
          .map(TableSchema::read)
          .toList();
    }
  }

  List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  String duckDbType(Column c) {
    String type = DUCKDB_TYPES.get(c.type());
    if (type == null) {
      throw new IllegalArgumentException(
          table + "." + c.name() + ": no DuckDB type for " + c.type());
    }
    return type;
  }

  String duckDbDdl() {
    StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(table).append(" (");
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      ddl.append(i == 0 ? "" : ", ")
          .append('"')
          .append(c.name())
          .append("\" ")
          .append(duckDbType(c));
      if (c.required()) {
        ddl.append(" NOT NULL");
      }
    }
    return ddl.append(')').toString();
  }
}
