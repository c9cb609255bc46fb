package dev.userwhisperer.local.warehouse;

import dev.userwhisperer.core.port.ArmOutcomes;
import dev.userwhisperer.core.port.UpliftCell;
import dev.userwhisperer.core.port.UpliftSource;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The view {@code uplift_outcomes} of {@code bigquery/views} on the local DuckDB warehouse (created
 * with the other views by {@link DashboardViews}), summed per cell when read.
 */
public final class DuckDbUpliftSource implements UpliftSource {
  static final String VIEW = "uplift_outcomes";

  private final DuckDbWarehouse warehouse;

  public DuckDbUpliftSource(DuckDbWarehouse warehouse) {
    this.warehouse = warehouse;
  }

  @Override
  public List<UpliftCell> outcomes(LocalDate lastDecisionDate) {
    return warehouse
        .query(
            "SELECT app_id, intervention, lifecycle,"
                + " SUM(treated) AS treated, SUM(treated_retained) AS treated_retained,"
                + " SUM(treated_converted) AS treated_converted, SUM(control) AS control,"
                + " SUM(control_retained) AS control_retained,"
                + " SUM(control_converted) AS control_converted"
                + " FROM "
                + VIEW
                + " WHERE decision_date <= DATE '"
                + lastDecisionDate
                + "' GROUP BY app_id, intervention, lifecycle"
                + " ORDER BY app_id, intervention, lifecycle")
        .stream()
        .map(DuckDbUpliftSource::cell)
        .toList();
  }

  private static UpliftCell cell(Map<String, Object> row) {
    return new UpliftCell(
        (String) row.get("app_id"),
        (String) row.get("intervention"),
        (String) row.get("lifecycle"),
        new ArmOutcomes(
            count(row, "treated"), count(row, "treated_retained"), count(row, "treated_converted")),
        new ArmOutcomes(
            count(row, "control"),
            count(row, "control_retained"),
            count(row, "control_converted")));
  }

  private static long count(Map<String, Object> row, String column) {
    return ((Number) row.get(column)).longValue();
  }
}
