package dev.userwhisperer.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.gcp.PartitionFilters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's reads of BigQuery pass the big tables' require_partition_filter. */
class BigQueryDashboardReadsTest {
  @Test
  void everyReadOfEventsAndSnapshotsFiltersOnTheirPartitionColumn() {
    Map<String, String> required = PartitionFilters.required();
    for (String sql :
        List.of(
            BigQueryDashboardReads.LIFECYCLE_DISTRIBUTION,
            BigQueryDashboardReads.EVENTS_RECEIVED_SINCE,
            BigQueryDashboardReads.USER_EVENTS,
            BigQueryDashboardReads.USERS_STARTING_WITH)) {
      assertThat(PartitionFilters.unfiltered(sql, required)).as(sql).isEmpty();
    }
  }
}
