package dev.userwhisperer.local.store;

import dev.userwhisperer.core.port.PersonalDataStore.Erased;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/** The deletes the SQLite erasers share: by key columns, or by a set of ids in chunks. */
final class SqliteErasing {
  private static final int CHUNK = 500;

  private SqliteErasing() {}

  /**
   * Deletes with {@code where} bound to {@code values}; returns what was removed as {@code store}.
   */
  static Erased delete(Connection c, String store, String table, String where, String... values)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement("DELETE FROM " + table + " WHERE " + where)) {
      for (int i = 0; i < values.length; i++) {
        p.setString(i + 1, values[i]);
      }
      return new Erased(store, p.executeUpdate());
    }
  }

  /**
   * Deletes the rows whose {@code column} is one of {@code ids} (and whose app is {@code appId}).
   */
  static Erased deleteIds(
      Connection c, String store, String table, String appId, String column, Collection<String> ids)
      throws SQLException {
    long removed = 0;
    List<String> all = List.copyOf(ids);
    for (int from = 0; from < all.size(); from += CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
      String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
      String sql =
          "DELETE FROM "
              + table
              + " WHERE "
              + (appId == null ? "" : "app_id = ? AND ")
              + column
              + " IN ("
              + marks
              + ")";
      try (PreparedStatement p = c.prepareStatement(sql)) {
        int i = 1;
        if (appId != null) {
          p.setString(i++, appId);
        }
        for (String id : chunk) {
          p.setString(i++, id);
        }
        removed += p.executeUpdate();
      }
    }
    return new Erased(store, removed);
  }
}
