package dev.userwhisperer.local.bus;

import dev.userwhisperer.core.message.Topics;
import dev.userwhisperer.local.store.SqliteDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves what ingest wrote into the shared SQLite file before the intake had a file of its own (the
 * {@code events} topic's messages and dead letters, and the dedup claims) into the intake's file,
 * once, at the start: first copied (a copy made twice changes nothing), then, in a second commit,
 * deleted from the shared file, so that a crash between the two loses nothing.
 */
public final class IntakeFileMove {
  private static final Logger log = LoggerFactory.getLogger(IntakeFileMove.class);

  private IntakeFileMove() {}

  /**
   * Moves the intake's rows from {@code shared} into {@code intake}; nothing when none are left.
   */
  public static void fromSharedFile(SqliteDatabase shared, SqliteDatabase intake) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + intake.file());
        Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 10000");
      try (PreparedStatement attach = c.prepareStatement("ATTACH DATABASE ? AS shared")) {
        attach.setString(1, shared.file().toString());
        attach.execute();
      }
      long waiting = count(s, "SELECT count(*) FROM shared.bus_messages WHERE topic = 'events'");
      long dead = count(s, "SELECT count(*) FROM shared.bus_dead_letters WHERE topic = 'events'");
      long claims = count(s, "SELECT count(*) FROM shared.ingest_dedup");
      if (waiting + dead + claims == 0) {
        return;
      }
      inTransaction(
          s,
          """
          INSERT OR IGNORE INTO bus_messages (topic, id, ordering_key, key_hash, data, attempts,
            next_attempt_at, state, last_error, published_at, trace_parent)
          SELECT topic, id, ordering_key, key_hash, data, attempts, next_attempt_at, 'pending',
            last_error, published_at, trace_parent
          FROM shared.bus_messages WHERE topic = 'events' ORDER BY seq""",
          """
          INSERT INTO bus_dead_letters (topic, id, ordering_key, key_hash, data, attempts,
            last_error, dead_at)
          SELECT topic, id, ordering_key, key_hash, data, attempts, last_error, dead_at
          FROM shared.bus_dead_letters d WHERE topic = 'events' AND NOT EXISTS (
            SELECT 1 FROM bus_dead_letters m
            WHERE m.topic = d.topic AND m.id = d.id AND m.dead_at = d.dead_at)
          ORDER BY seq""",
          """
          INSERT OR IGNORE INTO ingest_dedup (app_id, message_id, accepted_at, pending)
          SELECT app_id, message_id, accepted_at, pending FROM shared.ingest_dedup""");
      inTransaction(
          s,
          "DELETE FROM shared.bus_messages WHERE topic = 'events'",
          "DELETE FROM shared.bus_dead_letters WHERE topic = 'events'",
          "DELETE FROM shared.ingest_dedup");
      log.info(
          "intake: moved {} waiting and {} dead-lettered {} messages and {} dedup claims from {} to {}",
          waiting,
          dead,
          Topics.EVENTS,
          claims,
          shared.file().getFileName(),
          intake.file().getFileName());
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot move the intake's rows from " + shared.file() + " to " + intake.file(), e);
    }
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void inTransaction(Statement s, String... sql) throws SQLException {
    s.execute("BEGIN IMMEDIATE");
    try {
      for (String statement : sql) {
        s.execute(statement);
      }
      s.execute("COMMIT");
    } catch (SQLException e) {
      s.execute("ROLLBACK");
      throw e;
    }
  }
}
