package dev.userwhisperer.local.console;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.LegacySQLTypeName;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link DashboardReads} on BigQuery: the dashboard views of {@code bigquery/views} in the
 * warehouse dataset (the dataset is the queries' default, as it is for the views' own table names),
 * and the same reads of {@code events} and {@code profile_snapshots} as {@link
 * DuckDbDashboardReads}, in BigQuery's dialect. Every value is a named query parameter ({@code
 * jobs.query}), never spliced.
 */
public final class BigQueryDashboardReads implements DashboardReads {
  private static final String NOT_ERASED =
      "NOT EXISTS (SELECT 1 FROM erased_users AS x WHERE x.app_id = %1$s.app_id"
          + " AND x.user_id = %1$s.user_id)";

  static final String LIFECYCLE_DISTRIBUTION =
      """
      SELECT lifecycle, COUNT(*) AS users
      FROM (
        SELECT s.lifecycle,
          ROW_NUMBER() OVER (PARTITION BY s.user_id ORDER BY s.snapshot_at DESC) AS newest_first
        FROM profile_snapshots AS s
        WHERE s.app_id = @app_id AND %s
      ) AS latest
      WHERE newest_first = 1
      GROUP BY lifecycle
      ORDER BY users DESC, lifecycle"""
          .formatted(NOT_ERASED.formatted("s"));

  static final String EVENTS_RECEIVED_SINCE =
      "SELECT COUNT(*) AS n FROM events WHERE app_id = @app_id AND received_at > @since";

  static final String USER_EVENTS =
      """
      SELECT e.type, e.event_time, e.received_at, e.message_id, e.properties
      FROM events AS e
      WHERE e.app_id = @app_id AND e.user_id = @user_id AND %s
      ORDER BY e.event_time DESC, e.message_id
      LIMIT @limit"""
          .formatted(NOT_ERASED.formatted("e"));

  static final String USERS_STARTING_WITH =
      """
      SELECT DISTINCT e.user_id FROM events AS e
      WHERE e.app_id = @app_id AND STARTS_WITH(e.user_id, @prefix) AND %s
      ORDER BY e.user_id
      LIMIT @limit"""
          .formatted(NOT_ERASED.formatted("e"));

  private final BigQuery bigQuery;
  private final String dataset;

  /**
   * @param dataset the warehouse dataset, where the views of {@code bigquery/views} are created
   */
  public BigQueryDashboardReads(BigQuery bigQuery, String dataset) {
    if (dataset == null || !dataset.matches("[A-Za-z0-9_]{1,1024}")) {
      throw new IllegalArgumentException("not a BigQuery dataset id: " + dataset);
    }
    this.bigQuery = bigQuery;
    this.dataset = dataset;
  }

  @Override
  public List<Map<String, Object>> view(DashboardView view, String appId) {
    return query(
        QueryJobConfiguration.newBuilder(
                "SELECT * FROM "
                    + view.viewName()
                    + " WHERE app_id = @app_id ORDER BY "
                    + view.orderBy())
            .addNamedParameter("app_id", QueryParameterValue.string(appId)));
  }

  @Override
  public List<Map<String, Object>> lifecycleDistribution(String appId) {
    return query(
        QueryJobConfiguration.newBuilder(LIFECYCLE_DISTRIBUTION)
            .addNamedParameter("app_id", QueryParameterValue.string(appId)));
  }

  @Override
  public long eventsReceivedSince(String appId, Instant since) {
    Object n =
        query(
                QueryJobConfiguration.newBuilder(EVENTS_RECEIVED_SINCE)
                    .addNamedParameter("app_id", QueryParameterValue.string(appId))
                    .addNamedParameter("since", timestamp(since)))
            .get(0)
            .get("n");
    return ((Number) n).longValue();
  }

  @Override
  public List<Map<String, Object>> userEvents(String appId, String userId, int limit) {
    return query(
        QueryJobConfiguration.newBuilder(USER_EVENTS)
            .addNamedParameter("app_id", QueryParameterValue.string(appId))
            .addNamedParameter("user_id", QueryParameterValue.string(userId))
            .addNamedParameter("limit", QueryParameterValue.int64(limit)));
  }

  @Override
  public List<String> usersStartingWith(String appId, String prefix, int limit) {
    return query(
            QueryJobConfiguration.newBuilder(USERS_STARTING_WITH)
                .addNamedParameter("app_id", QueryParameterValue.string(appId))
                .addNamedParameter("prefix", QueryParameterValue.string(prefix))
                .addNamedParameter("limit", QueryParameterValue.int64(limit)))
        .stream()
        .map(row -> (String) row.get("user_id"))
        .toList();
  }

  private static QueryParameterValue timestamp(Instant at) {
    return QueryParameterValue.timestamp(at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000);
  }

  private List<Map<String, Object>> query(QueryJobConfiguration.Builder query) {
    TableResult result;
    try {
      result =
          bigQuery.query(
              query.setUseLegacySql(false).setDefaultDataset(DatasetId.of(dataset)).build());
    } catch (BigQueryException e) {
      throw new IllegalStateException("the warehouse query failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while querying the warehouse", e);
    }
    FieldList fields = result.getSchema().getFields();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (FieldValueList row : result.iterateAll()) {
      Map<String, Object> values = new LinkedHashMap<>();
      for (Field field : fields) {
        values.put(field.getName(), value(row.get(field.getName()), field.getType()));
      }
      rows.add(Collections.unmodifiableMap(values));
    }
    return rows;
  }

  /** The same Java types {@code DuckDbWarehouse} gives the pages: numbers, text, instants. */
  private static Object value(FieldValue value, LegacySQLTypeName type) {
    if (value.isNull()) {
      return null;
    }
    if (type.equals(LegacySQLTypeName.INTEGER)) {
      return value.getLongValue();
    }
    if (type.equals(LegacySQLTypeName.FLOAT)) {
      return value.getDoubleValue();
    }
    if (type.equals(LegacySQLTypeName.NUMERIC) || type.equals(LegacySQLTypeName.BIGNUMERIC)) {
      return value.getNumericValue();
    }
    if (type.equals(LegacySQLTypeName.BOOLEAN)) {
      return value.getBooleanValue();
    }
    if (type.equals(LegacySQLTypeName.TIMESTAMP)) {
      return value.getTimestampInstant();
    }
    return value.getStringValue();
  }
}
