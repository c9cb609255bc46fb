package dev.userwhisperer.gcp;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableResult;
import dev.userwhisperer.core.port.ArmOutcomes;
import dev.userwhisperer.core.port.EffectMoments;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.core.port.UpliftCell;
import dev.userwhisperer.core.port.UpliftSource;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link UpliftSource} on BigQuery: one query ({@code jobs.query}) over the view {@code
 * uplift_outcomes} of the warehouse dataset, summed per cell; and one over the last weeks of {@code
 * profile_snapshots} for the users' own readings of what messages did to them. The view reads every
 * kept partition of decisions, snapshots and events (its own filters on their partition columns
 * satisfy their require_partition_filter), which for a few rows per user per day stays small (see
 * docs/cost.md); the readings read only the snapshots since {@code @since}.
 */
final class BigQueryUpliftSource implements UpliftSource {
  static final String QUERY =
      """
      SELECT app_id, intervention, lifecycle,
        SUM(treated) AS treated, SUM(treated_retained) AS treated_retained,
        SUM(treated_converted) AS treated_converted,
        SUM(control) AS control, SUM(control_retained) AS control_retained,
        SUM(control_converted) AS control_converted
      FROM uplift_outcomes
      WHERE decision_date <= @last_decision_date
      GROUP BY app_id, intervention, lifecycle
      ORDER BY app_id, intervention, lifecycle""";

  /**
   * The sums of {@link EffectMoments} per app over each user's latest profile snapshot since
   * {@code @since} (profile_snapshots is partitioned by snapshot_at, so only those days are read,
   * and the table requires that filter).
   */
  static final String MESSAGE_EFFECTS =
      """
      WITH latest AS (
        SELECT p.app_id,
          CAST(JSON_VALUE(p.profile, '$.responsiveness.effect.messages') AS INT64) AS n,
          CAST(JSON_VALUE(p.profile, '$.responsiveness.effect.lift') AS FLOAT64) AS s,
          CAST(JSON_VALUE(p.profile, '$.responsiveness.effect.squares') AS FLOAT64) AS q
        FROM profile_snapshots AS p
        WHERE p.snapshot_at >= @since
        QUALIFY ROW_NUMBER() OVER (PARTITION BY p.app_id, p.user_id ORDER BY p.snapshot_at DESC) = 1)
      SELECT app_id, COUNT(*) AS users, SUM(n) AS observations, SUM(s) AS total,
        SUM(q) AS squares, SUM(s * s) AS squared_sums, SUM(n * s) AS count_times_sums,
        SUM(n * n) AS squared_counts,
        SUM(CASE WHEN n >= 2 THEN GREATEST(q - s * s / n, 0) ELSE 0 END) AS within_squares,
        SUM(CASE WHEN n >= 2 THEN n - 1 ELSE 0 END) AS within_degrees
      FROM latest
      WHERE n >= 1 AND q IS NOT NULL
      GROUP BY app_id
      ORDER BY app_id""";

  private final BigQuery bigQuery;
  private final String dataset;

  BigQueryUpliftSource(BigQuery bigQuery, String dataset) {
    this.bigQuery = bigQuery;
    this.dataset = dataset;
  }

  /**
   * @throws TransientFailure when BigQuery failed in a way a retry may cure
   */
  @Override
  public List<UpliftCell> outcomes(LocalDate lastDecisionDate) {
    TableResult result =
        run(
            QueryJobConfiguration.newBuilder(QUERY)
                .addNamedParameter(
                    "last_decision_date", QueryParameterValue.date(lastDecisionDate.toString())),
            "uplift_outcomes");
    List<UpliftCell> cells = new ArrayList<>();
    for (FieldValueList row : result.iterateAll()) {
      cells.add(
          new UpliftCell(
              row.get("app_id").getStringValue(),
              row.get("intervention").getStringValue(),
              row.get("lifecycle").getStringValue(),
              new ArmOutcomes(
                  row.get("treated").getLongValue(),
                  row.get("treated_retained").getLongValue(),
                  row.get("treated_converted").getLongValue()),
              new ArmOutcomes(
                  row.get("control").getLongValue(),
                  row.get("control_retained").getLongValue(),
                  row.get("control_converted").getLongValue())));
    }
    return cells;
  }

  /**
   * @throws TransientFailure when BigQuery failed in a way a retry may cure
   */
  @Override
  public List<EffectMoments> messageEffects(Instant since) {
    TableResult result =
        run(
            QueryJobConfiguration.newBuilder(MESSAGE_EFFECTS)
                .addNamedParameter(
                    "since",
                    QueryParameterValue.timestamp(
                        since.getEpochSecond() * 1_000_000 + since.getNano() / 1_000)),
            "profile_snapshots");
    List<EffectMoments> moments = new ArrayList<>();
    for (FieldValueList row : result.iterateAll()) {
      moments.add(
          new EffectMoments(
              row.get("app_id").getStringValue(),
              row.get("users").getLongValue(),
              row.get("observations").getLongValue(),
              row.get("total").getDoubleValue(),
              row.get("squares").getDoubleValue(),
              row.get("squared_sums").getDoubleValue(),
              row.get("count_times_sums").getDoubleValue(),
              row.get("squared_counts").getLongValue(),
              row.get("within_squares").getDoubleValue(),
              row.get("within_degrees").getLongValue()));
    }
    return moments;
  }

  private TableResult run(QueryJobConfiguration.Builder query, String what) {
    try {
      return bigQuery.query(
          query.setUseLegacySql(false).setDefaultDataset(DatasetId.of(dataset)).build());
    } catch (BigQueryException e) {
      if (BigQueryWarehouse.isTransient(e)) {
        throw new TransientFailure("querying " + what + " failed", e);
      }
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailure("interrupted while querying " + what, e);
    }
  }
}
