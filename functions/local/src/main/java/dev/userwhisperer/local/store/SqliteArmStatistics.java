package dev.userwhisperer.local.store;

import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.profile.ArmCounts;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

/**
 * App-wide arm counts, one row per app and arm. An increment is one upsert adding to the stored
 * counts inside SQLite's single writer, so concurrent increments lose nothing.
 */
public final class SqliteArmStatistics implements ArmStatistics {
  private final SqliteDatabase db;

  public SqliteArmStatistics(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public Map<String, ArmCounts> counts(String appId) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT arm, successes, failures FROM arm_statistics WHERE app_id = ?")) {
            p.setString(1, appId);
            Map<String, ArmCounts> counts = new HashMap<>();
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                counts.put(rs.getString(1), new ArmCounts(rs.getLong(2), rs.getLong(3)));
              }
            }
            return Map.copyOf(counts);
          }
        });
  }

  @Override
  public void add(String appId, Map<String, ArmCounts> increments) {
    if (increments.isEmpty()) {
      return;
    }
    db.write(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO arm_statistics (app_id, arm, successes, failures) VALUES (?, ?, ?, ?) "
                      + "ON CONFLICT (app_id, arm) DO UPDATE SET "
                      + "successes = successes + excluded.successes, "
                      + "failures = failures + excluded.failures")) {
            for (var e : increments.entrySet()) {
              p.setString(1, appId);
              p.setString(2, e.getKey());
              p.setLong(3, e.getValue().successes());
              p.setLong(4, e.getValue().failures());
              p.addBatch();
            }
            return p.executeBatch().length;
          }
        });
  }
}
