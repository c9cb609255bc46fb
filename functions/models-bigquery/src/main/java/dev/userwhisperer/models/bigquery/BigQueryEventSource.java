package dev.userwhisperer.models.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.models.DecisionsQuery;
import dev.userwhisperer.models.EventsQuery;
import dev.userwhisperer.models.WarehouseDecision;
import dev.userwhisperer.models.WarehouseDecisionSource;
import dev.userwhisperer.models.WarehouseEvent;
import dev.userwhisperer.models.WarehouseEventSource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The events and decisions tables in BigQuery ({@code project.dataset.events} and {@code
 * .decisions}, the tables Terraform creates from {@code bigquery/schemas/}), read with the same
 * {@link EventsQuery} and {@link DecisionsQuery} SQL as the local DuckDB file, through the BigQuery
 * client (application-default credentials, or the client the learn function builds). Lives apart
 * from vertex-models so that the cloud deployable can train churn models from BigQuery without
 * DuckDB on its classpath.
 */
public final class BigQueryEventSource implements WarehouseEventSource, WarehouseDecisionSource {
  private static final Pattern DATASET = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_]+");

  private final BigQuery bigQuery;
  private final String table;
  private final String decisionsTable;

  /**
   * @param dataset {@code project.dataset}
   * @throws IllegalArgumentException unless the dataset is {@code project.dataset}
   */
  public BigQueryEventSource(BigQuery bigQuery, String dataset) {
    if (!DATASET.matcher(dataset).matches()) {
      throw new IllegalArgumentException("expected project.dataset, got " + dataset);
    }
    this.bigQuery = Objects.requireNonNull(bigQuery, "bigQuery");
    this.table = "`" + dataset + ".events`";
    this.decisionsTable = "`" + dataset + ".decisions`";
  }

  /** The query job: the shared SQL on the events table, GoogleSQL, positional parameters. */
  QueryJobConfiguration request(Optional<String> appId, Instant until) {
    return request(EventsQuery.sql(table, appId), appId, until);
  }

  /** The query job: the shared SQL on the decisions table, GoogleSQL, positional parameters. */
  QueryJobConfiguration decisionsRequest(Optional<String> appId, Instant until) {
    return request(DecisionsQuery.sql(decisionsTable, appId), appId, until);
  }

  private static QueryJobConfiguration request(String sql, Optional<String> appId, Instant until) {
    QueryJobConfiguration.Builder job =
        QueryJobConfiguration.newBuilder(sql)
            .setUseLegacySql(false)
            .addPositionalParameter(
                QueryParameterValue.timestamp(ChronoUnit.MICROS.between(Instant.EPOCH, until)));
    appId.ifPresent(app -> job.addPositionalParameter(QueryParameterValue.string(app)));
    return job.build();
  }

  /**
   * @throws TransientFailure when BigQuery failed in a way a retry may cure (retryable, 429, 5xx)
   * @throws IllegalStateException when BigQuery refused the query
   */
  @Override
  public List<WarehouseEvent> events(Optional<String> appId, Instant until) {
    return rows(request(appId, until), table, BigQueryEventSource::event);
  }

  /**
   * @throws TransientFailure when BigQuery failed in a way a retry may cure (retryable, 429, 5xx)
   * @throws IllegalStateException when BigQuery refused the query
   */
  @Override
  public List<WarehouseDecision> decisions(Optional<String> appId, Instant until) {
    return rows(decisionsRequest(appId, until), decisionsTable, BigQueryEventSource::decision);
  }

  private <T> List<T> rows(
      QueryJobConfiguration request, String read, Function<FieldValueList, T> mapping) {
    List<T> rows = new ArrayList<>();
    try {
      for (FieldValueList row : bigQuery.query(request).iterateAll()) {
        rows.add(mapping.apply(row));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailure("interrupted while reading " + read, e);
    } catch (BigQueryException e) {
      if (e.isRetryable() || e.getCode() == 429 || e.getCode() >= 500) {
        throw new TransientFailure("cannot read " + read + ": " + e.getMessage(), e);
      }
      throw new IllegalStateException("cannot read " + read + ": " + e.getMessage(), e);
    }
    return rows;
  }

  /** A result row of {@link DecisionsQuery} as the decision it was written from. */
  static WarehouseDecision decision(FieldValueList row) {
    FieldValue hour = row.get("send_hour");
    return WarehouseDecision.of(
        string(row.get("app_id")),
        string(row.get("user_id")),
        string(row.get("decision_id")),
        string(row.get("outcome")),
        instant(row.get("decided_at")),
        string(row.get("channel")),
        hour.isNull() ? null : (int) hour.getLongValue(),
        instant(row.get("send_at")),
        string(row.get("intervention")),
        string(row.get("variant")));
  }

  /** A result row of {@link EventsQuery} as an event. */
  static WarehouseEvent event(FieldValueList row) {
    return WarehouseEvent.of(
        string(row.get("app_id")),
        string(row.get("user_id")),
        string(row.get("message_id")),
        string(row.get("anonymous_id")),
        string(row.get("type")),
        instant(row.get("event_time")),
        instant(row.get("received_at")),
        string(row.get("properties")),
        string(row.get("traits")),
        string(row.get("context")));
  }

  private static String string(FieldValue value) {
    return value.isNull() ? null : value.getStringValue();
  }

  private static Instant instant(FieldValue value) {
    return value.isNull() ? null : Instant.EPOCH.plus(value.getTimestampValue(), ChronoUnit.MICROS);
  }
}
