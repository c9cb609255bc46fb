package dev.userwhisperer.local.warehouse;

import dev.userwhisperer.core.port.UpliftTrainingRow;
import dev.userwhisperer.core.port.UpliftTrainingSource;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The view {@code uplift_training_rows} of {@code bigquery/views} on the local DuckDB warehouse
 * (created with the other views by {@link DashboardViews}).
 */
public final class DuckDbUpliftTrainingSource implements UpliftTrainingSource {
  static final String VIEW = "uplift_training_rows";

  private final DuckDbWarehouse warehouse;

  public DuckDbUpliftTrainingSource(DuckDbWarehouse warehouse) {
    this.warehouse = warehouse;
  }

  @Override
  public List<UpliftTrainingRow> rows(LocalDate lastDecisionDate) {
    return warehouse
        .query(
            "SELECT app_id, intervention, decision_id, CAST(decision_date AS VARCHAR) AS day,"
                + " treated, treatment_propensity, goal_reached,"
                + " CAST(features AS VARCHAR) AS features FROM "
                + VIEW
                + " WHERE decision_date <= DATE '"
                + lastDecisionDate
                + "' ORDER BY app_id, intervention, decision_id")
        .stream()
        .map(DuckDbUpliftTrainingSource::row)
        .toList();
  }

  private static UpliftTrainingRow row(Map<String, Object> r) {
    return new UpliftTrainingRow(
        (String) r.get("app_id"),
        (String) r.get("intervention"),
        (String) r.get("decision_id"),
        LocalDate.parse((String) r.get("day")),
        (Boolean) r.get("treated"),
        ((Number) r.get("treatment_propensity")).doubleValue(),
        ((Number) r.get("goal_reached")).intValue() == 1,
        WarehouseRows.features((String) r.get("features")));
  }
}
