package dev.userwhisperer.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * On BigQuery the events table is filled by the scheduled query landing/events_append.sql from the
 * subscription's raw table; it must name and select exactly the columns of schemas/events.json, in
 * their order, so that the views read {@code events} alike on BigQuery and on DuckDB.
 */
class EventsAppendQueryTest {
  private static final Path APPEND = Path.of("landing", "events_append.sql");
  private static final Pattern OUTPUT_COLUMN =
      Pattern.compile("\\bAS\\s+([a-z_][a-z0-9_]*),?\\s*$", Pattern.MULTILINE);
  private static final Pattern SELECTED_COLUMN =
      Pattern.compile("^\\s*l\\.([a-z_][a-z0-9_]*),?\\s*$", Pattern.MULTILINE);

  @Test
  void theAppendInsertsTheColumnsOfTheEventsSchemaInOrder() throws Exception {
    String sql = withoutComments(Files.readString(APPEND));
    String insert = sql.substring(sql.indexOf("INSERT INTO events ("), sql.indexOf(")\nWITH"));
    List<String> named =
        Arrays.stream(insert.substring(insert.indexOf('(') + 1).split(","))
            .map(String::trim)
            .toList();
    String select = sql.substring(sql.lastIndexOf("SELECT\n"), sql.indexOf("FROM landed AS l"));

    List<String> schema =
        TableSchema.read(DuckDbViews.SCHEMAS.resolve("events.json")).columnNames();
    assertThat(named).containsExactlyElementsOf(schema);
    assertThat(matches(SELECTED_COLUMN, select)).containsExactlyElementsOf(schema);
  }

  @Test
  void theUnnestingNamesEveryColumnOfTheEventsSchema() throws Exception {
    String sql = withoutComments(Files.readString(APPEND));
    String unnest = sql.substring(sql.indexOf("WITH landed AS"), sql.indexOf("FROM events_raw"));
    List<String> schema =
        TableSchema.read(DuckDbViews.SCHEMAS.resolve("events.json")).columnNames();
    assertThat(matches(OUTPUT_COLUMN, unnest)).containsSubsequence(schema);
  }

  @Test
  void rawLandingTableHasTheColumnsABigQuerySubscriptionWritesWithMetadata() {
    TableSchema raw = TableSchema.read(Path.of("landing", "events_raw.json"));
    assertThat(raw.columnNames())
        .containsExactlyInAnyOrder(
            "subscription_name", "message_id", "publish_time", "attributes", "data");
    assertThat(raw.columns()).noneMatch(TableSchema.Column::required);
  }

  private static List<String> matches(Pattern pattern, String text) {
    List<String> found = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static String withoutComments(String sql) {
    return sql.replaceAll("--[^\\n]*\\n", "");
  }
}
