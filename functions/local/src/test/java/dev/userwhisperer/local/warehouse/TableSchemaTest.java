package dev.userwhisperer.local.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.local.warehouse.TableSchema.Column;
import org.junit.jupiter.api.Test;

class TableSchemaTest {
  @Test
  void everyTablesSchemaIsOnTheClasspathAndHoldsItsKey() {
    for (Table table : Table.values()) {
      TableSchema schema = TableSchema.load(table);
      assertThat(schema.columnNames()).containsAll(table.key());
      table
          .key()
          .forEach(k -> assertThat(schema.column(k).required()).as("%s.%s", table, k).isTrue());
    }
  }

  @Test
  void bigQueryTypesAndModesBecomeDuckDbTypesAndNotNull() {
    TableSchema events = TableSchema.load(Table.EVENTS);

    assertThat(events.column("app_id")).isEqualTo(new Column("app_id", "STRING", true));
    assertThat(events.column("anonymous_id").required()).isFalse();
    assertThat(events.column("event_time").duckDbType()).isEqualTo("TIMESTAMPTZ");
    assertThat(events.column("properties").duckDbType()).isEqualTo("JSON");
    assertThat(TableSchema.load(Table.DECISIONS).column("propensity").duckDbType())
        .isEqualTo("DOUBLE");
    assertThat(TableSchema.load(Table.PROFILE_SNAPSHOTS).column("event_count").duckDbType())
        .isEqualTo("BIGINT");
    assertThat(new Column("flag", "BOOL", false).duckDbType()).isEqualTo("BOOLEAN");
  }

  @Test
  void ddlDeclaresNotNullColumnsAndTheKeyAsPrimaryKey() {
    assertThat(TableSchema.load(Table.DELIVERIES).createTableSql())
        .startsWith("CREATE TABLE IF NOT EXISTS \"deliveries\" (\"app_id\" VARCHAR NOT NULL, ")
        .contains("\"provider_id\" VARCHAR, ")
        .endsWith("PRIMARY KEY (\"app_id\", \"outbound_id\", \"status\"))");
  }
}
