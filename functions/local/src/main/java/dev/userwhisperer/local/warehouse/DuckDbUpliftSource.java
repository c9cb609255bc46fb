package dev.userwhisperer.local.warehouse;

import dev.userwhisperer.core.port.ArmOutcomes;
import dev.userwhisperer.core.port.EffectMoments;
import dev.userwhisperer.core.port.UpliftCell;
import dev.userwhisperer.core.port.UpliftSource;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The view {@code uplift_outcomes} of {@code bigquery/views} on the local DuckDB warehouse (created
 * with the other views by {@link DashboardViews}), summed per cell when read; and the sums of the
 * users' own readings of what messages did to them, from each user's latest profile snapshot.
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

  @Override
  public List<EffectMoments> messageEffects(Instant since) {
    return warehouse
        .query(
            "WITH latest AS (SELECT app_id,"
                + " CAST(json_extract_string(profile, '$.responsiveness.effect.messages') AS BIGINT) AS n,"
                + " CAST(json_extract_string(profile, '$.responsiveness.effect.lift') AS DOUBLE) AS s,"
                + " CAST(json_extract_string(profile, '$.responsiveness.effect.squares') AS DOUBLE) AS q"
                + " FROM profile_snapshots WHERE snapshot_at >= TIMESTAMPTZ '"
                + since
                + "' QUALIFY ROW_NUMBER() OVER (PARTITION BY app_id, user_id"
                + " ORDER BY snapshot_at DESC) = 1)"
                + " SELECT app_id, COUNT(*) AS users, SUM(n) AS observations, SUM(s) AS total,"
                + " SUM(q) AS squares, SUM(s * s) AS squared_sums, SUM(n * s) AS count_times_sums,"
                + " SUM(n * n) AS squared_counts,"
                + " SUM(CASE WHEN n >= 2 THEN GREATEST(q - s * s / n, 0) ELSE 0 END) AS within_squares,"
                + " SUM(CASE WHEN n >= 2 THEN n - 1 ELSE 0 END) AS within_degrees"
                + " FROM latest WHERE n >= 1 AND q IS NOT NULL GROUP BY app_id ORDER BY app_id")
        .stream()
        .map(
            row ->
                new EffectMoments(
                    (String) row.get("app_id"),
                    count(row, "users"),
                    count(row, "observations"),
                    real(row, "total"),
                    real(row, "squares"),
                    real(row, "squared_sums"),
                    real(row, "count_times_sums"),
                    count(row, "squared_counts"),
                    real(row, "within_squares"),
                    count(row, "within_degrees")))
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

  private static double real(Map<String, Object> row, String column) {
    return ((Number) row.get(column)).doubleValue();
  }
}
