package dev.userwhisperer.gcp;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableResult;
import dev.userwhisperer.core.port.ArmOutcomes;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.core.port.UpliftCell;
import dev.userwhisperer.core.port.UpliftSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link UpliftSource} on BigQuery: one query ({@code jobs.query}) over the view {@code
 * uplift_outcomes} of the warehouse dataset, summed per cell. The view's decisions are partitioned
 * by {@code decided_at}; the query scans every partition up to the last closed day, which for a few
 * rows per user per day stays small (see docs/cost.md).
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
    QueryJobConfiguration query =
        QueryJobConfiguration.newBuilder(QUERY)
            .setUseLegacySql(false)
            .setDefaultDataset(DatasetId.of(dataset))
            .addNamedParameter(
                "last_decision_date", QueryParameterValue.date(lastDecisionDate.toString()))
            .build();
    TableResult result;
    try {
      result = bigQuery.query(query);
    } catch (BigQueryException e) {
      if (BigQueryWarehouse.isTransient(e)) {
        throw new TransientFailure("querying uplift_outcomes failed", e);
      }
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailure("interrupted while querying uplift_outcomes", e);
    }
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
}
