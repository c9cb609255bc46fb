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
 *
 * <p>events and profile_snapshots require a filter on their partition column: each read here has
 * one, from {@link #EVERY_PARTITION} where it wants every kept partition. events is appended from
 * the subscription's raw table every hour, for the publish hour that closed an hour before
 * (bigquery/landing/events_append.sql), so a user's events and the user search lag by up to two
 * hours; the count of events received since an instant adds the raw batches of those two hours.
 */
public final class BigQueryDashboardReads implements DashboardReads {
  private static final String NOT_ERASED =
      "NOT EXISTS (SELECT 1 FROM erased_users AS x WHERE x.app_id = %1$s.app_id"
          + " AND x.user_id = %1$s.user_id)";

  /** A lower bound on a partition column that every partition passes. */
  static final String EVERY_PARTITION = "TIMESTAMP '0001-01-01 00:00:00'";

  static final String LIFECYCLE_DISTRIBUTION =
      """
      SELECT lifecycle, COUNT(*) AS users
      FROM (
        SELECT s.lifecycle,
          ROW_NUMBER() OVER (PARTITION BY s.user_id ORDER BY s.snapshot_at DESC) AS newest_first
        FROM profile_snapshots AS s
        WHERE s.app_id = @app_id AND s.snapshot_at >= %s AND %s
      ) AS latest
      WHERE newest_first = 1
      GROUP BY lifecycle
      ORDER BY users DESC, lifecycle"""
          .formatted(EVERY_PARTITION, NOT_ERASED.formatted("s"));

  /**
   * Events received since {@code @since}: those already appended to events, and those of the raw
   * batches published in the last two hours that the hourly append may not have reached yet, each
   * event once. A batch is published after its events were received, so the raw read is bounded by
   * its partition column exactly; the events read takes events whose client time is at most seven
   * days before {@code @since} (older ones are not counted), which bounds its partitions.
   */
  static final String EVENTS_RECEIVED_SINCE =
      """
      SELECT COUNT(DISTINCT received.message_id) AS n
      FROM (
        SELECT e.message_id
        FROM events AS e
        WHERE e.app_id = @app_id
          AND e.event_time >= TIMESTAMP_SUB(@since, INTERVAL 7 DAY)
          AND e.received_at > @since
        UNION ALL
        SELECT JSON_VALUE(b, '$.messageId') AS message_id
        FROM events_raw AS r
        CROSS JOIN UNNEST(JSON_QUERY_ARRAY(r.data, '$.events')) AS b
        WHERE r.publish_time > GREATEST(@since,
            TIMESTAMP_SUB(TIMESTAMP_TRUNC(CURRENT_TIMESTAMP(), HOUR), INTERVAL 2 HOUR))
          AND JSON_VALUE(r.data, '$.appId') = @app_id
          AND SAFE.TIMESTAMP(COALESCE(JSON_VALUE(b, '$.receivedAt'), JSON_VALUE(b, '$.timestamp')))
            > @since
      ) AS received""";

  static final String USER_EVENTS =
      """
      SELECT e.type, e.event_time, e.received_at, e.message_id, e.properties
      FROM events AS e
      WHERE e.app_id = @app_id AND e.user_id = @user_id AND e.event_time >= %s AND %s
      ORDER BY e.event_time DESC, e.message_id
      LIMIT @limit"""
          .formatted(EVERY_PARTITION, NOT_ERASED.formatted("e"));

  static final String USERS_STARTING_WITH =
      """
      SELECT DISTINCT e.user_id FROM events AS e
      WHERE e.app_id = @app_id AND STARTS_WITH(e.user_id, @prefix) AND e.event_time >= %s
        AND %s
      ORDER BY e.user_id
      LIMIT @limit"""
          .formatted(EVERY_PARTITION, NOT_ERASED.formatted("e"));

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
