package dev.userwhisperer.gcp;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableResult;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.core.port.UpliftTrainingRow;
import dev.userwhisperer.core.port.UpliftTrainingSource;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link UpliftTrainingSource} on BigQuery: one query ({@code jobs.query}) over the view {@code
 * uplift_training_rows} of the warehouse dataset, the features as JSON text. It scans every kept
 * partition of the decisions' features and the events (the view's own filters on their partition
 * columns satisfy their require_partition_filter), once a day; not measured yet.
 */
final class BigQueryUpliftTrainingSource implements UpliftTrainingSource {
  static final String QUERY =
      """
      SELECT app_id, intervention, decision_id, CAST(decision_date AS STRING) AS day, treated,
        treatment_propensity, goal_reached, TO_JSON_STRING(features) AS features
      FROM uplift_training_rows
      WHERE decision_date <= @last_decision_date
      ORDER BY app_id, intervention, decision_id""";

  private final BigQuery bigQuery;
  private final String dataset;

  BigQueryUpliftTrainingSource(BigQuery bigQuery, String dataset) {
    this.bigQuery = bigQuery;
    this.dataset = dataset;
  }

  /**
   * @throws TransientFailure when BigQuery failed in a way a retry may cure
   */
  @Override
  public List<UpliftTrainingRow> rows(LocalDate lastDecisionDate) {
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
        throw new TransientFailure("querying uplift_training_rows failed", e);
      }
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailure("interrupted while querying uplift_training_rows", e);
    }
    List<UpliftTrainingRow> rows = new ArrayList<>();
    for (FieldValueList row : result.iterateAll()) {
      rows.add(
          new UpliftTrainingRow(
              row.get("app_id").getStringValue(),
              row.get("intervention").getStringValue(),
              row.get("decision_id").getStringValue(),
              LocalDate.parse(row.get("day").getStringValue()),
              row.get("treated").getBooleanValue(),
              row.get("treatment_propensity").getDoubleValue(),
              row.get("goal_reached").getLongValue() == 1,
              WarehouseRows.features(row.get("features").getStringValue())));
    }
    return rows;
  }
}
