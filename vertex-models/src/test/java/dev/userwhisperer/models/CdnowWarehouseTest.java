package dev.userwhisperer.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class CdnowWarehouseTest {
  private static final Instant NOW = Instant.parse("2026-11-26T00:00:00Z");

  @Test
  void theEventsTableHasTheColumnsOfTheBigQuerySchemaInOrder() throws Exception {
    JsonNode schema = Json.tree(Files.readAllBytes(Path.of("../bigquery/schemas/events.json")));
    List<String> columns = new ArrayList<>();
    schema.forEach(field -> columns.add(field.get("name").asString()));

    assertThat(CdnowWarehouse.COLUMNS).containsExactlyElementsOf(columns);
    assertThat(EventsQuery.COLUMNS.split(",\\s*")).containsExactlyInAnyOrderElementsOf(columns);
  }

  @Test
  void theLogIsMappedAsTheReplaySendsIt(@TempDir Path dir) throws Exception {
    Path master = dir.resolve("CDNOW_master.txt");
    Files.writeString(
        master,
        " customer_id  date number_of_cds  dollar_value\n"
            + " 00002 19970112  1   12.00\n"
            + " 00001 19970101  1   11.77\n"
            + " 00002 19970112  5   77.00\n");
    Path warehouse = dir.resolve("w.duckdb");

    assertThat(CdnowWarehouse.write(master, "demo", warehouse, NOW)).isEqualTo(5);

    List<WarehouseEvent> read = new DuckDbEventSource(warehouse).events(Optional.of("demo"), NOW);
    assertThat(read)
        .extracting(e -> e.userId() + " " + e.event().messageId() + " " + e.event().type())
        .containsExactly(
            "cdnow-00001 cdnow-line-3 payment_succeeded",
            "cdnow-00001 cdnow-signup-00001 user_signup",
            "cdnow-00002 cdnow-line-2 payment_succeeded",
            "cdnow-00002 cdnow-line-4 payment_succeeded",
            "cdnow-00002 cdnow-signup-00002 user_signup");
    WarehouseEvent purchase = read.get(3);
    assertThat(purchase.event().timestamp()).isEqualTo(Instant.parse("1997-01-12T12:00:00Z"));
    assertThat(purchase.event().receivedAt()).isEqualTo(NOW);
    assertThat(purchase.event().properties())
        .isEqualTo(Map.of("revenue", 77.0, "currency", "USD", "quantity", 5));
    assertThat(read.get(1).event().context()).isEqualTo(Map.of("timezone", "America/New_York"));
  }
}
