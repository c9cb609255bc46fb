package dev.userwhisperer.models;

import java.util.Optional;

/**
 * The query that reads the warehouse's {@code decisions} table for training, in SQL that DuckDB and
 * BigQuery (GoogleSQL) both run unchanged, as {@link EventsQuery} reads the events: only the table
 * reference differs. Positional parameters, in order: the latest decision time to read (a
 * TIMESTAMP), then the app id when the query is for one app. Every decision is read, those that
 * send nothing too: each settles the user's pending messages as it is kept. Rows come ordered by
 * app, user, decision time and decision id.
 */
public final class DecisionsQuery {
  /** The columns selected, in order. */
  public static final String COLUMNS =
      "app_id, user_id, decision_id, outcome, decided_at, channel, send_hour, send_at,"
          + " intervention, variant";

  private DecisionsQuery() {}

  /**
   * @param table {@code decisions} for DuckDB, {@code `project.dataset.decisions`} for BigQuery
   * @throws IllegalArgumentException when the table reference is not a plain (quoted) name
   */
  public static String sql(String table, Optional<String> appId) {
    if (!EventsQuery.TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException("not a table reference: " + table);
    }
    return "SELECT "
        + COLUMNS
        + " FROM "
        + table
        + " WHERE decided_at <= ?"
        + (appId.isPresent() ? " AND app_id = ?" : "")
        + " ORDER BY app_id, user_id, decided_at, decision_id";
  }
}
