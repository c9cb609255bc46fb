package dev.userwhisperer.core.port;

import java.time.LocalDate;
import java.util.List;

/**
 * Reads the warehouse view {@code uplift_outcomes}: the treated and held-out outcomes per app,
 * intervention and lifecycle stage (BigQuery on Google Cloud, DuckDB locally).
 */
public interface UpliftSource {

  /**
   * @param lastDecisionDate the last UTC day of decisions to count; later days are left out, since
   *     their attribution windows may still be open
   * @return one cell per app, intervention and lifecycle stage that has decisions up to that day,
   *     each arm summed over those days
   */
  List<UpliftCell> outcomes(LocalDate lastDecisionDate);
}
