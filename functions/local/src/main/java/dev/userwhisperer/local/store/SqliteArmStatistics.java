package dev.userwhisperer.local.store;

import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.profile.ArmCounts;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * App-wide arm counts, one row per app, epoch week and arm. An increment is one upsert adding to
 * the stored counts inside SQLite's single writer, so concurrent increments lose nothing; a read
 * sums the window's weeks. Weeks before the window stay in the table: a few hundred small rows per
 * app and week.
 */
public final class SqliteArmStatistics implements ArmStatistics {
  private final SqliteDatabase db;

  public SqliteArmStatistics(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public Map<String, ArmCounts> counts(String appId, Instant asOf) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT arm, sum(successes), sum(failures) FROM arm_statistics_weekly"
                      + " WHERE app_id = ? AND week BETWEEN ? AND ? GROUP BY arm")) {
            p.setString(1, appId);
            p.setLong(2, ArmStatistics.firstWeekOfWindow(asOf));
            p.setLong(3, ArmStatistics.weekOf(asOf));
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
  public void add(String appId, Map<String, ArmCounts> increments, Instant settledAt) {
    if (increments.isEmpty()) {
      return;
    }
    db.write(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO arm_statistics_weekly (app_id, arm, week, successes, failures)"
                      + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (app_id, week, arm) DO UPDATE SET "
                      + "successes = successes + excluded.successes, "
                      + "failures = failures + excluded.failures")) {
            for (var e : increments.entrySet()) {
              p.setString(1, appId);
              p.setString(2, e.getKey());
              p.setLong(3, ArmStatistics.weekOf(settledAt));
              p.setLong(4, e.getValue().successes());
              p.setLong(5, e.getValue().failures());
              p.addBatch();
            }
            return p.executeBatch().length;
          }
        });
  }
}
