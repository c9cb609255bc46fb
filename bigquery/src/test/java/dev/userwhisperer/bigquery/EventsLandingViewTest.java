package dev.userwhisperer.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * On BigQuery {@code events} is the view landing/events.sql over the subscription's raw table; the
 * dashboard views rely on it having exactly the columns of schemas/events.json.
 */
class EventsLandingViewTest {
  private static final Pattern OUTPUT_COLUMN =
      Pattern.compile("\\bAS\\s+([a-z_][a-z0-9_]*),?\\s*$", Pattern.MULTILINE);

  @Test
  void eventsLandingViewSelectsTheColumnsOfTheEventsSchemaInOrder() throws Exception {
    String sql = Files.readString(Path.of("landing", "events.sql"));
    String select = sql.substring(sql.indexOf("SELECT"), sql.indexOf("\nFROM"));
    List<String> columns = new ArrayList<>();
    Matcher m = OUTPUT_COLUMN.matcher(select);
    while (m.find()) {
      columns.add(m.group(1));
    }
    assertThat(columns)
        .containsExactlyElementsOf(
            TableSchema.read(DuckDbViews.SCHEMAS.resolve("events.json")).columnNames());
  }

  @Test
  void rawLandingTableHasTheColumnsABigQuerySubscriptionWritesWithMetadata() {
    TableSchema raw = TableSchema.read(Path.of("landing", "events_raw.json"));
    assertThat(raw.columnNames())
        .containsExactlyInAnyOrder(
            "subscription_name", "message_id", "publish_time", "attributes", "data");
    assertThat(raw.columns()).noneMatch(TableSchema.Column::required);
  }
}
