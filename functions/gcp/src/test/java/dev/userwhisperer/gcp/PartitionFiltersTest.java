package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.models.EventsQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The big warehouse tables are created with require_partition_filter, so BigQuery refuses any query
 * of them without a filter on the partition column: every statement the code sends and every SQL
 * file BigQuery runs (views, the events append) must carry one for each read of those tables.
 */
class PartitionFiltersTest {
  private static final Map<String, String> REQUIRED = PartitionFilters.required();

  @Test
  void theBigTablesRequireAPartitionFilterOnTheColumnsTheirQueriesFilterOn() {
    assertThat(REQUIRED)
        .containsOnly(
            Map.entry("events", "event_time"),
            Map.entry("events_raw", "publish_time"),
            Map.entry("profile_snapshots", "snapshot_at"),
            Map.entry("decisions", "decided_at"),
            Map.entry("decision_features", "decided_at"),
            Map.entry("messages", "created_at"),
            Map.entry("deliveries", "at"));
  }

  @Test
  void everyQueryTheLearnJobAndTheErasureSendFiltersOnThePartitionColumn() {
    List<String> statements = new ArrayList<>();
    statements.add(BigQueryUpliftSource.QUERY);
    statements.add(BigQueryUpliftSource.MESSAGE_EFFECTS);
    statements.add(BigQueryUpliftTrainingSource.QUERY);
    statements.add(EventsQuery.sql("`project.dataset.events`", Optional.of("app")));
    BigQueryPersonalData.USER_ROWS.forEach(rows -> statements.add(rows.delete()));

    for (String sql : statements) {
      assertThat(PartitionFilters.unfiltered(sql, REQUIRED)).as(sql).isEmpty();
    }
  }

  @Test
  void everyViewAndTheEventsAppendFilterOnThePartitionColumnOfEachBigTableTheyRead() {
    PartitionFilters.warehouseSqlFiles()
        .forEach(
            (file, sql) ->
                assertThat(PartitionFilters.unfiltered(sql, REQUIRED)).as("%s", file).isEmpty());
  }

  @Test
  void theErasureDeletesFromEveryPartitionOfEveryTableOnItsCatalogPartitionColumn() {
    Map<String, String> columns = PartitionFilters.partitionColumns();
    columns.put("events_raw", "publish_time");
    for (BigQueryPersonalData.UserRows rows : BigQueryPersonalData.USER_ROWS) {
      assertThat(rows.partitionColumn()).as(rows.table()).isEqualTo(columns.get(rows.table()));
      assertThat(rows.delete())
          .contains("t." + rows.partitionColumn() + " >= TIMESTAMP '0001-01-01 00:00:00' AND ");
    }
    assertThat(BigQueryPersonalData.USER_ROWS)
        .extracting(BigQueryPersonalData.UserRows::table)
        .containsAll(REQUIRED.keySet());
  }

  @Test
  void aReadWithoutAFilterOrFilteredOnlyAgainstAnotherTablesColumnIsFound() {
    assertThat(
            PartitionFilters.unfiltered(
                "SELECT d.app_id FROM decisions AS d WHERE d.app_id = @app_id", REQUIRED))
        .containsExactly("decisions: d.decided_at");
    assertThat(
            PartitionFilters.unfiltered(
                """
                SELECT a.app_id FROM arms AS a
                JOIN events AS e ON e.user_id = a.user_id AND e.event_time > a.decided_at""",
                REQUIRED))
        .containsExactly("events: e.event_time");
    assertThat(
            PartitionFilters.unfiltered(
                "SELECT COUNT(*) FROM profile_snapshots WHERE app_id = @app_id", REQUIRED))
        .containsExactly("profile_snapshots: snapshot_at");
    assertThat(
            PartitionFilters.unfiltered(
                "-- e.event_time >= @since\nSELECT 1 FROM events AS e WHERE e.app_id = @a",
                REQUIRED))
        .as("a filter in a comment does not count")
        .containsExactly("events: e.event_time");
  }

  @Test
  void twoReadsUnderOneAliasNeedTwoFiltersAndAConstantBoundIsOne() {
    String once =
        """
        WITH a AS (SELECT m.app_id FROM messages AS m WHERE m.created_at >= @since),
        b AS (SELECT m.app_id FROM messages AS m WHERE m.app_id = @app_id)
        SELECT * FROM a""";
    assertThat(PartitionFilters.unfiltered(once, REQUIRED))
        .containsExactly("messages: m.created_at");
    String twice =
        once.replace("m.app_id = @app_id", "m.created_at >= TIMESTAMP '0001-01-01 00:00:00'");
    assertThat(PartitionFilters.unfiltered(twice, REQUIRED)).isEmpty();
    assertThat(
            PartitionFilters.unfiltered(
                "SELECT 1 FROM erased_users AS x, quarantined_events AS q", REQUIRED))
        .as("small tables read whole")
        .isEmpty();
  }
}
