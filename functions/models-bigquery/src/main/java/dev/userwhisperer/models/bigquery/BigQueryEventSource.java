package dev.userwhisperer.models.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.models.EventsQuery;
import dev.userwhisperer.models.WarehouseEvent;
import dev.userwhisperer.models.WarehouseEventSource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The events table in BigQuery ({@code project.dataset.events}, the table Terraform creates from
 * {@code bigquery/schemas/events.json}), read with the same {@link EventsQuery} SQL as the local
 * DuckDB file, through the BigQuery client (application-default credentials, or the client the
 * learn function builds). Lives apart from vertex-models so that the cloud deployable can train
 * churn models from BigQuery without DuckDB on its classpath.
 */
public final class BigQueryEventSource implements WarehouseEventSource {
  private static final Pattern DATASET = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_]+");

  private final BigQuery bigQuery;
  private final String table;

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
  }

  /** The query job: the shared SQL on this table, GoogleSQL, positional parameters. */
  QueryJobConfiguration request(Optional<String> appId, Instant until) {
    QueryJobConfiguration.Builder job =
        QueryJobConfiguration.newBuilder(EventsQuery.sql(table, appId))
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
    List<WarehouseEvent> events = new ArrayList<>();
    try {
      for (FieldValueList row : bigQuery.query(request(appId, until)).iterateAll()) {
        events.add(event(row));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailure("interrupted while reading " + table, e);
    } catch (BigQueryException e) {
      if (e.isRetryable() || e.getCode() == 429 || e.getCode() >= 500) {
        throw new TransientFailure("cannot read " + table + ": " + e.getMessage(), e);
      }
      throw new IllegalStateException("cannot read " + table + ": " + e.getMessage(), e);
    }
    return events;
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
