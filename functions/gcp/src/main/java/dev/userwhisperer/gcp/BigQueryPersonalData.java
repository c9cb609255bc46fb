package dev.userwhisperer.gcp;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobStatistics.QueryStatistics;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableResult;
import dev.userwhisperer.core.port.PersonalDataStore;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.util.ArrayList;
import java.util.List;

/**
 * Erases a user from the BigQuery dataset. First a tombstone row in {@code erased_users}, which
 * every dashboard view excludes, so the user leaves the dashboards at once; then a DML {@code
 * DELETE} per table ({@code jobs.query}). BigQuery refuses a DML delete that would touch rows still
 * in the streaming buffer (up to about 90 minutes after they were streamed): that table is reported
 * as {@code bigquery.<table>:pending} with 0, and erasing the user again later deletes them (the
 * tombstone, kept, goes on hiding them meanwhile).
 *
 * <p>The big tables refuse a query without a filter on their partition column ({@code
 * require_partition_filter}, terraform/modules/platform/catalog.tf), and an erasure must reach
 * every partition: each delete filters on the partition column from the least timestamp BigQuery
 * holds ({@link #EVERY_PARTITION}), which every row of these REQUIRED columns passes.
 */
final class BigQueryPersonalData implements PersonalDataStore {
  /** A filter on a partition column that every partition passes, as a lower bound. */
  static final String EVERY_PARTITION = "TIMESTAMP '0001-01-01 00:00:00'";

  /**
   * A table's rows of one user: a condition on the table's alias {@code t}, and the table's
   * partition column.
   */
  record UserRows(String table, String partitionColumn, String condition) {
    /** The DML delete of the user's rows, with its filter on the partition column. */
    String delete() {
      return "DELETE FROM "
          + table
          + " AS t WHERE t."
          + partitionColumn
          + " >= "
          + EVERY_PARTITION
          + " AND "
          + condition;
    }
  }

  private static final String BY_COLUMNS = "t.app_id = @app_id AND t.user_id = @user_id";

  /**
   * Every table that holds a user's rows. events_raw before events: the hourly append copies raw
   * rows into events (leaving out tombstoned users, bigquery/landing/events_append.sql), so rows
   * gone from events_raw cannot come back into events.
   */
  static final List<UserRows> USER_ROWS =
      List.of(
          new UserRows("decisions", "decided_at", BY_COLUMNS),
          new UserRows("decision_features", "decided_at", BY_COLUMNS),
          new UserRows("messages", "created_at", BY_COLUMNS),
          new UserRows("deliveries", "at", BY_COLUMNS),
          new UserRows("profile_snapshots", "snapshot_at", BY_COLUMNS),
          new UserRows(
              "quarantined_events",
              "received_at",
              "t.app_id = @app_id AND JSON_VALUE(t.payload, '$.userId') = @user_id"),
          new UserRows(
              "events_raw",
              "publish_time",
              "JSON_VALUE(t.data, '$.appId') = @app_id AND JSON_VALUE(t.data, '$.userId') = @user_id"),
          new UserRows("events", "event_time", BY_COLUMNS));

  private final BigQuery bigQuery;
  private final String dataset;
  private final BigQueryWarehouse warehouse;

  BigQueryPersonalData(BigQuery bigQuery, String dataset) {
    this.bigQuery = bigQuery;
    this.dataset = dataset;
    this.warehouse = new BigQueryWarehouse(bigQuery, dataset);
  }

  @Override
  public List<Erased> erase(ErasureScope scope) {
    warehouse.append(
        Table.ERASED_USERS,
        List.of(
            WarehouseRows.erasedUser(
                scope.appId(), scope.userId(), scope.erasureId(), scope.erasedAt())));
    List<Erased> erased = new ArrayList<>();
    for (UserRows rows : USER_ROWS) {
      String store = "bigquery." + rows.table();
      try {
        erased.add(new Erased(store, delete(rows, scope)));
      } catch (BigQueryException e) {
        if (!inStreamingBuffer(e)) {
          throw e;
        }
        erased.add(new Erased(store + ":pending", 0));
      }
    }
    return erased;
  }

  private long delete(UserRows userRows, ErasureScope scope) {
    String table = userRows.table();
    QueryJobConfiguration dml =
        QueryJobConfiguration.newBuilder(userRows.delete())
            .setUseLegacySql(false)
            .setDefaultDataset(DatasetId.of(dataset))
            .addNamedParameter("app_id", QueryParameterValue.string(scope.appId()))
            .addNamedParameter("user_id", QueryParameterValue.string(scope.userId()))
            .build();
    try {
      TableResult result = bigQuery.query(dml);
      Job job = bigQuery.getJob(result.getJobId());
      QueryStatistics statistics = job == null ? null : job.getStatistics();
      Long rows = statistics == null ? null : statistics.getNumDmlAffectedRows();
      return rows == null ? 0 : rows;
    } catch (BigQueryException e) {
      if (BigQueryWarehouse.isTransient(e)) {
        throw new TransientFailure("erasing from " + table + " failed", e);
      }
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailure("interrupted while erasing from " + table, e);
    }
  }

  private static boolean inStreamingBuffer(BigQueryException e) {
    return e.getMessage() != null && e.getMessage().contains("streaming buffer");
  }
}
