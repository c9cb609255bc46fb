package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.bigquery.InsertAllRequest.RowToInsert;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** The rows this adapter streams fit the table schemas of {@code bigquery/schemas}. */
class BigQueryRowsTest {
  private static final Path SCHEMAS = Path.of("../../bigquery/schemas");

  @Test
  void everyTableHasASchemaAndEverySchemaATable() throws IOException {
    try (Stream<Path> files = Files.list(SCHEMAS)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(
              Arrays.stream(Table.values()).map(t -> t.tableName() + ".json").toList());
    }
  }

  @ParameterizedTest
  @EnumSource(Table.class)
  void everyKeyColumnIsARequiredColumn(Table table) {
    Map<String, JsonNode> columns = columns(table);
    for (String key : table.key()) {
      assertThat(columns).containsKey(key);
      assertThat(columns.get(key).path("mode").asString()).isEqualTo("REQUIRED");
    }
  }

  @ParameterizedTest
  @EnumSource(Table.class)
  void everyStreamedValueIsAColumnOfAFittingTypeAndRequiredColumnsAreFilled(Table table) {
    Map<String, JsonNode> columns = columns(table);
    RowToInsert row = BigQueryWarehouse.toInsert(table, WarehouseSamples.row(table));

    assertThat(columns.keySet()).containsAll(row.getContent().keySet());
    columns.forEach(
        (name, column) -> {
          if (column.path("mode").asString().equals("REQUIRED")) {
            assertThat(row.getContent())
                .as("required column %s.%s", table.tableName(), name)
                .containsKey(name);
          }
        });
    row.getContent().forEach((name, value) -> assertFits(table, columns.get(name), value));
  }

  @Test
  void insertIdIsTheKeyValuesJoinedAndTimestampsAreMicrosecondUtc() {
    RowToInsert snapshot =
        BigQueryWarehouse.toInsert(
            Table.PROFILE_SNAPSHOTS, WarehouseSamples.row(Table.PROFILE_SNAPSHOTS));

    assertThat(snapshot.getId()).isEqualTo("app-1/user-1/2026-11-26T11:00:00.123456Z");
    assertThat(snapshot.getContent()).containsEntry("snapshot_at", "2026-11-26T11:00:00.123456Z");
  }

  @Test
  void keyValuesContainingTheSeparatorCannotCollide() {
    RowToInsert a =
        BigQueryWarehouse.toInsert(Table.DECISIONS, Map.of("app_id", "a/b", "decision_id", "c"));
    RowToInsert b =
        BigQueryWarehouse.toInsert(Table.DECISIONS, Map.of("app_id", "a", "decision_id", "b/c"));

    assertThat(a.getId()).isNotEqualTo(b.getId());
  }

  @Test
  void nullValuesAreLeftOutAndAMissingKeyOrAnUnmappableValueIsRefused() {
    Map<String, Object> row = new LinkedHashMap<>(WarehouseSamples.row(Table.DELIVERIES));
    row.put("provider_id", null);
    assertThat(BigQueryWarehouse.toInsert(Table.DELIVERIES, row).getContent())
        .doesNotContainKey("provider_id");

    row.remove("status");
    assertThatThrownBy(() -> BigQueryWarehouse.toInsert(Table.DELIVERIES, row))
        .hasMessageContaining("key column status");

    assertThatThrownBy(
            () ->
                BigQueryWarehouse.toInsert(
                    Table.DECISIONS,
                    Map.of("app_id", "a", "decision_id", "d", "propensity", new Object())))
        .hasMessageContaining("propensity");
  }

  private static void assertFits(Table table, JsonNode column, Object value) {
    String type = column.path("type").asString();
    String where = table.tableName() + "." + column.path("name").asString();
    switch (type) {
      case "STRING" -> assertThat(value).as(where).isInstanceOf(String.class);
      case "INT64", "INTEGER" -> assertThat(value).as(where).isInstanceOf(Long.class);
      case "FLOAT64", "FLOAT" -> assertThat(value).as(where).isInstanceOf(Double.class);
      case "BOOL", "BOOLEAN" -> assertThat(value).as(where).isInstanceOf(Boolean.class);
      case "TIMESTAMP" -> assertThat(Instant.parse((String) value)).as(where).isNotNull();
      case "JSON" ->
          assertThat(Json.tree(((String) value).getBytes(StandardCharsets.UTF_8)).isContainer())
              .as(where)
              .isTrue();
      default -> throw new AssertionError(where + " has a type this adapter does not map: " + type);
    }
  }

  private static Map<String, JsonNode> columns(Table table) {
    try {
      JsonNode schema = Json.tree(Files.readAllBytes(SCHEMAS.resolve(table.tableName() + ".json")));
      return schema
          .valueStream()
          .collect(
              Collectors.toMap(
                  c -> c.path("name").asString(), c -> c, (a, b) -> a, LinkedHashMap::new));
    } catch (IOException e) {
      throw new AssertionError("cannot read the schema of " + table.tableName(), e);
    }
  }
}
