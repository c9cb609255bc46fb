package dev.userwhisperer.models;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one query that reads the warehouse's {@code events} table for training, in SQL that DuckDB
 * and BigQuery (GoogleSQL) both run unchanged: only the table reference differs. Positional
 * parameters, in order: the latest event time to read (a TIMESTAMP), then the app id when the query
 * is for one app. JSON columns are selected as they are; both drivers hand them over as JSON text.
 * Rows come ordered by app, user, event time and message id, so a user's events are contiguous and
 * in the order analyze applies them.
 */
public final class EventsQuery {
  /** The columns selected, in order. */
  public static final String COLUMNS =
      "app_id, user_id, message_id, anonymous_id, type, event_time, received_at, properties,"
          + " traits, context";

  static final Pattern TABLE = Pattern.compile("`?[A-Za-z0-9_.-]+`?");

  private EventsQuery() {}

  /**
   * @param table {@code events} for DuckDB, {@code `project.dataset.events`} for BigQuery
   * @throws IllegalArgumentException when the table reference is not a plain (quoted) name
   */
  public static String sql(String table, Optional<String> appId) {
    if (!TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException("not a table reference: " + table);
    }
    return "SELECT "
        + COLUMNS
        + " FROM "
        + table
        + " WHERE event_time <= ?"
        + (appId.isPresent() ? " AND app_id = ?" : "")
        + " ORDER BY app_id, user_id, event_time, message_id";
  }
}
