package dev.userwhisperer.core.port;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Reads the warehouse view {@code uplift_outcomes}: the treated and held-out outcomes per app,
 * intervention and lifecycle stage (BigQuery on Google Cloud, DuckDB locally); and the users' own
 * readings of what messages did to them, from their profile snapshots.
 */
public interface UpliftSource {

  /**
   * @param lastDecisionDate the last UTC day of decisions to count; later days are left out, since
   *     their attribution windows may still be open
   * @return one cell per app, intervention and lifecycle stage that has decisions up to that day,
   *     each arm summed over those days
   */
  List<UpliftCell> outcomes(LocalDate lastDecisionDate);

  /**
   * Per app, the sums of its users' own readings of what messages do to them, each user as of their
   * latest profile snapshot (table {@code profile_snapshots}) taken since {@code since}; apps
   * without a user with a settled reading are left out. A source that keeps no profile snapshots
   * has none.
   */
  default List<EffectMoments> messageEffects(Instant since) {
    return List.of();
  }
}
