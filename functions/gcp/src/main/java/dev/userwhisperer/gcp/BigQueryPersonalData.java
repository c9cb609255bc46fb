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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Erases a user from the BigQuery dataset. First a tombstone row in {@code erased_users}, which
 * every dashboard view excludes, so the user leaves the dashboards at once; then a DML {@code
 * DELETE} per table ({@code jobs.query}). BigQuery refuses a DML delete that would touch rows still
 * in the streaming buffer (up to about 90 minutes after they were streamed): that table is reported
 * as {@code bigquery.<table>:pending} with 0, and erasing the user again later deletes them (the
 * tombstone, kept, goes on hiding them meanwhile).
 */
final class BigQueryPersonalData implements PersonalDataStore {
  /** The user's rows per table, as a condition on the table's alias {@code t}. */
  static final Map<String, String> USER_ROWS = new LinkedHashMap<>();

  static {
    for (String table :
        List.of("decisions", "decision_features", "messages", "deliveries", "profile_snapshots")) {
      USER_ROWS.put(table, "t.app_id = @app_id AND t.user_id = @user_id");
    }
    USER_ROWS.put(
        "quarantined_events",
        "t.app_id = @app_id AND JSON_VALUE(t.payload, '$.userId') = @user_id");
    USER_ROWS.put(
        "events_raw",
        "JSON_VALUE(t.data, '$.appId') = @app_id AND JSON_VALUE(t.data, '$.userId') = @user_id");
  }

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
    USER_ROWS.forEach(
        (table, condition) -> {
          String store = "bigquery." + table;
          try {
            erased.add(new Erased(store, delete(table, condition, scope)));
          } catch (BigQueryException e) {
            if (!inStreamingBuffer(e)) {
              throw e;
            }
            erased.add(new Erased(store + ":pending", 0));
          }
        });
    return erased;
  }

  private long delete(String table, String condition, ErasureScope scope) {
    QueryJobConfiguration dml =
        QueryJobConfiguration.newBuilder("DELETE FROM " + table + " AS t WHERE " + condition)
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
