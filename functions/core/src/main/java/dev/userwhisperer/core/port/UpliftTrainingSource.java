package dev.userwhisperer.core.port;

import java.time.LocalDate;
import java.util.List;

/**
 * Reads the warehouse view {@code uplift_training_rows}: every randomized marketing decision with
 * its point-in-time features and its outcome (BigQuery on Google Cloud, DuckDB locally).
 */
public interface UpliftTrainingSource {

  /**
   * @param lastDecisionDate the last UTC day of decisions to read; later days are left out, since
   *     their attribution windows may still be open
   * @return the rows of every app up to that day, ordered by app, intervention and decision id
   */
  List<UpliftTrainingRow> rows(LocalDate lastDecisionDate);
}
