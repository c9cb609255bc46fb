package dev.userwhisperer.local.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.profile.ArmCounts;
import dev.userwhisperer.core.testing.ArmStatisticsContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteArmStatisticsIT extends ArmStatisticsContract {
  @TempDir Path dir;
  SqliteDatabase db;

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }

  @Override
  protected ArmStatistics statistics() {
    db = new SqliteDatabase(dir.resolve("whisperer.db"));
    return new SqliteArmStatistics(db);
  }

  @Test
  void allTimeCountsOfAnOlderDatabaseMoveToTheCurrentWeekAndAgeOutWithTheWindow() throws Exception {
    Path file = dir.resolve("older.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT)");
      s.execute("INSERT INTO schema_version VALUES (1, 'x'), (2, 'x'), (3, 'x'), (4, 'x')");
      s.execute(
          "CREATE TABLE arm_statistics (app_id TEXT NOT NULL, arm TEXT NOT NULL, successes"
              + " INTEGER NOT NULL, failures INTEGER NOT NULL, PRIMARY KEY (app_id, arm))");
      s.execute("INSERT INTO arm_statistics VALUES ('app', 'channel:email', 30, 70)");
      // every database of version 1 or later has the bus's and the profiles' tables, which later
      // versions alter
      s.execute("CREATE TABLE bus_messages (seq INTEGER PRIMARY KEY)");
      s.execute(
          "CREATE TABLE profiles (app_id TEXT NOT NULL, user_id TEXT NOT NULL, doc TEXT NOT NULL,"
              + " updated_at INTEGER, PRIMARY KEY (app_id, user_id)) WITHOUT ROWID");
    }

    db = new SqliteDatabase(file);
    ArmStatistics stats = new SqliteArmStatistics(db);

    Instant now = Instant.now();
    assertThat(stats.counts("app", now))
        .containsOnly(Map.entry("channel:email", new ArmCounts(30, 70)));
    Instant pastTheWindow = now.plus(Duration.ofDays(7L * ArmStatistics.WINDOW_WEEKS));
    assertThat(stats.counts("app", pastTheWindow)).isEmpty();
  }
}
