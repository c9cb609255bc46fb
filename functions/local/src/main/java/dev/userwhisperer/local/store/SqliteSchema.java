package dev.userwhisperer.local.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables of the local stores and of the event bus. Each entry of {@link #VERSIONS} is applied
 * once, in order, and recorded in {@code schema_version}; a new table or column is a new entry,
 * never an edit of an applied one. Instants are INTEGER epoch nanoseconds (epoch milliseconds in
 * the bus tables); documents are JSON text.
 */
final class SqliteSchema {
  private static final List<List<String>> VERSIONS =
      List.of(
          List.of(
              """
              CREATE TABLE IF NOT EXISTS profiles (
                app_id TEXT NOT NULL, user_id TEXT NOT NULL, doc TEXT NOT NULL, updated_at INTEGER,
                PRIMARY KEY (app_id, user_id)) WITHOUT ROWID""",
              """
              CREATE TABLE IF NOT EXISTS decisions (
                app_id TEXT NOT NULL, decision_id TEXT NOT NULL, user_id TEXT NOT NULL,
                outcome TEXT NOT NULL, decided_at INTEGER NOT NULL, send_at INTEGER, doc TEXT NOT NULL,
                PRIMARY KEY (app_id, decision_id))""",
              "CREATE INDEX IF NOT EXISTS decisions_by_user ON decisions (app_id, user_id, decided_at)",
              """
              CREATE TABLE IF NOT EXISTS scheduled_tasks (
                id TEXT PRIMARY KEY, due_at INTEGER NOT NULL, doc TEXT NOT NULL)""",
              "CREATE INDEX IF NOT EXISTS scheduled_tasks_by_due ON scheduled_tasks (due_at, id)",
              """
              CREATE TABLE IF NOT EXISTS api_keys (
                hash TEXT PRIMARY KEY, app_id TEXT NOT NULL, doc TEXT NOT NULL)""",
              """
              CREATE TABLE IF NOT EXISTS ingest_dedup (
                app_id TEXT NOT NULL, message_id TEXT NOT NULL, accepted_at INTEGER NOT NULL,
                PRIMARY KEY (app_id, message_id)) WITHOUT ROWID""",
              """
              CREATE TABLE IF NOT EXISTS quarantine (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, app_id TEXT NOT NULL,
                quarantine_id TEXT NOT NULL, doc TEXT NOT NULL, UNIQUE (app_id, quarantine_id))""",
              "CREATE INDEX IF NOT EXISTS quarantine_by_app ON quarantine (app_id, seq)",
              """
              CREATE TABLE IF NOT EXISTS outbox (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT NOT NULL UNIQUE,
                app_id TEXT NOT NULL, user_id TEXT NOT NULL, channel TEXT NOT NULL, doc TEXT NOT NULL,
                status TEXT NOT NULL, delivered_at INTEGER NOT NULL, opened_at INTEGER,
                clicked_at INTEGER, unsubscribed_at INTEGER)""",
              "CREATE INDEX IF NOT EXISTS outbox_by_app ON outbox (app_id, seq)",
              """
              CREATE TABLE IF NOT EXISTS bus_messages (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT NOT NULL, id TEXT NOT NULL,
                ordering_key TEXT NOT NULL, key_hash INTEGER NOT NULL, data BLOB NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL,
                state TEXT NOT NULL, last_error TEXT, published_at INTEGER NOT NULL, UNIQUE (topic, id))""",
              "CREATE INDEX IF NOT EXISTS bus_messages_by_due ON bus_messages (topic, next_attempt_at)",
              "CREATE INDEX IF NOT EXISTS bus_messages_by_state ON bus_messages (topic, state, seq)",
              """
              CREATE TABLE IF NOT EXISTS bus_dead_letters (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT NOT NULL, id TEXT NOT NULL,
                ordering_key TEXT NOT NULL, key_hash INTEGER NOT NULL, data BLOB NOT NULL,
                attempts INTEGER NOT NULL, last_error TEXT, dead_at INTEGER NOT NULL)""",
              "CREATE INDEX IF NOT EXISTS bus_dead_letters_by_topic ON bus_dead_letters (topic, seq)",
              """
              CREATE TABLE IF NOT EXISTS bus_counters (
                topic TEXT PRIMARY KEY, delivered INTEGER NOT NULL DEFAULT 0)"""),
          List.of(
              """
              CREATE TABLE IF NOT EXISTS warehouse_buffer (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, table_name TEXT NOT NULL, row TEXT NOT NULL)"""),
          List.of(
              """
              CREATE TABLE IF NOT EXISTS uplift_tables (
                app_id TEXT PRIMARY KEY, computed_at INTEGER NOT NULL, doc TEXT NOT NULL)"""),
          List.of(
              """
              CREATE TABLE IF NOT EXISTS arm_statistics (
                app_id TEXT NOT NULL, arm TEXT NOT NULL,
                successes INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (app_id, arm)) WITHOUT ROWID"""),
          // the counts per epoch week (ArmStatistics.weekOf); all-time counts from before go to the
          // current week, so that beliefs carry over and age out with the window
          List.of(
              """
              CREATE TABLE IF NOT EXISTS arm_statistics_weekly (
                app_id TEXT NOT NULL, arm TEXT NOT NULL, week INTEGER NOT NULL,
                successes INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (app_id, week, arm)) WITHOUT ROWID""",
              """
              INSERT INTO arm_statistics_weekly (app_id, arm, week, successes, failures)
                SELECT app_id, arm, CAST(strftime('%s', 'now') AS INTEGER) / 604800, successes,
                       failures
                FROM arm_statistics""",
              "DROP TABLE arm_statistics"),
          // a claimed messageId is pending (1) until its events are published, then accepted (0);
          // accepted_at is when it was claimed. The CREATE is a no-op where version 1 made the
          // table.
          List.of(
              """
              CREATE TABLE IF NOT EXISTS ingest_dedup (
                app_id TEXT NOT NULL, message_id TEXT NOT NULL, accepted_at INTEGER NOT NULL,
                PRIMARY KEY (app_id, message_id)) WITHOUT ROWID""",
              "ALTER TABLE ingest_dedup ADD COLUMN pending INTEGER NOT NULL DEFAULT 0"),
          // one row per message of its send (DeliveryLedger), written before the provider call
          List.of(
              """
              CREATE TABLE IF NOT EXISTS delivery_ledger (
                outbound_id TEXT PRIMARY KEY, app_id TEXT NOT NULL, state TEXT NOT NULL,
                attempts INTEGER NOT NULL, provider_id TEXT, started_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL) WITHOUT ROWID"""),
          // every version of every app's configuration (AppConfigStore), none ever replaced
          List.of(
              """
              CREATE TABLE IF NOT EXISTS app_configs (
                app_id TEXT NOT NULL, version INTEGER NOT NULL, saved_at INTEGER NOT NULL,
                doc TEXT NOT NULL, PRIMARY KEY (app_id, version)) WITHOUT ROWID"""),
          // the consent audit trail (ConsentTrail), append-only, and the suppression list that
          // outlives an erased user: address pseudonyms only
          List.of(
              """
              CREATE TABLE IF NOT EXISTS consent_trail (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, record_id TEXT NOT NULL,
                app_id TEXT NOT NULL, user_id TEXT NOT NULL, at INTEGER NOT NULL, doc TEXT NOT NULL,
                UNIQUE (app_id, record_id))""",
              "CREATE INDEX IF NOT EXISTS consent_trail_by_user ON consent_trail (app_id, user_id, seq)",
              """
              CREATE TABLE IF NOT EXISTS suppressions (
                app_id TEXT NOT NULL, channel TEXT NOT NULL, address_pseudonym TEXT NOT NULL,
                suppressed_at INTEGER NOT NULL,
                PRIMARY KEY (app_id, channel, address_pseudonym)) WITHOUT ROWID"""),
          // the apps of the admin API, its audit log, and keys listed by app (the CREATE of
          // api_keys is a no-op where version 1 made it)
          List.of(
              """
              CREATE TABLE IF NOT EXISTS api_keys (
                hash TEXT PRIMARY KEY, app_id TEXT NOT NULL, doc TEXT NOT NULL)""",
              """
              CREATE TABLE IF NOT EXISTS apps (
                app_id TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID""",
              """
              CREATE TABLE IF NOT EXISTS audit_log (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, app_id TEXT NOT NULL, doc TEXT NOT NULL)""",
              "CREATE INDEX IF NOT EXISTS audit_log_by_app ON audit_log (app_id, seq)",
              "CREATE INDEX IF NOT EXISTS api_keys_by_app ON api_keys (app_id)"),
          List.of(
              // the W3C traceparent of the span that published a message, so that its consumer's
              // span continues the trace (docs/observability.md)
              "ALTER TABLE bus_messages ADD COLUMN trace_parent TEXT"),
          List.of(
              // the messages of a topic kept in a file of its own (the intake's events) that a
              // transaction of this file has handled, until their acknowledgement there commits
              """
              CREATE TABLE IF NOT EXISTS bus_consumed (
                topic TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (topic, id)) WITHOUT ROWID"""),
          List.of(
              // the user an alias merged an anonymous profile into (ProfileStore.mergedInto);
              // profiles merged before this version keep it in their doc only
              "ALTER TABLE profiles ADD COLUMN merged_into TEXT",
              """
              CREATE INDEX IF NOT EXISTS profiles_merged_into ON profiles (app_id, merged_into)
                WHERE merged_into IS NOT NULL"""),
          // the sweep's due query on the profiles (ProfileStore.due): the profile's shard and the
          // earliest due time of its scheduled checks. The tasks of scheduled_tasks move onto their
          // profiles when SqliteProfileStore first opens the database, which drops the table.
          List.of(
              "ALTER TABLE profiles ADD COLUMN sweep_shard INTEGER",
              "ALTER TABLE profiles ADD COLUMN next_due_at INTEGER",
              """
              CREATE INDEX IF NOT EXISTS profiles_by_due ON profiles (sweep_shard, next_due_at)
                WHERE next_due_at IS NOT NULL""",
              """
              CREATE INDEX IF NOT EXISTS profiles_by_next_due ON profiles (next_due_at)
                WHERE next_due_at IS NOT NULL"""),
          List.of(
              // when each erased user was erased, under a hash of app and user id
              // (SqliteErasureTombstones), so that their events still queued are not applied
              """
              CREATE TABLE IF NOT EXISTS erasure_tombstones (
                user_key TEXT PRIMARY KEY, erased_at INTEGER NOT NULL) WITHOUT ROWID"""),
          // profiles in a table with rowids (issue 26): a document of 1-5 kB does not fit the
          // ~1 kB a WITHOUT ROWID row keeps on its page, so every upsert also rewrote overflow
          // pages; in a rowid table it stays on its page, and an upsert costs about half
          List.of(
              """
              CREATE TABLE profiles_with_rowid (
                app_id TEXT NOT NULL, user_id TEXT NOT NULL, doc TEXT NOT NULL, updated_at INTEGER,
                merged_into TEXT, sweep_shard INTEGER, next_due_at INTEGER,
                PRIMARY KEY (app_id, user_id))""",
              """
              INSERT INTO profiles_with_rowid
                (app_id, user_id, doc, updated_at, merged_into, sweep_shard, next_due_at)
                SELECT app_id, user_id, doc, updated_at, merged_into, sweep_shard, next_due_at
                FROM profiles""",
              "DROP TABLE profiles",
              "ALTER TABLE profiles_with_rowid RENAME TO profiles",
              """
              CREATE INDEX profiles_merged_into ON profiles (app_id, merged_into)
                WHERE merged_into IS NOT NULL""",
              """
              CREATE INDEX profiles_by_due ON profiles (sweep_shard, next_due_at)
                WHERE next_due_at IS NOT NULL""",
              """
              CREATE INDEX profiles_by_next_due ON profiles (next_due_at)
                WHERE next_due_at IS NOT NULL"""));

  private SqliteSchema() {}

  static int latestVersion() {
    return VERSIONS.size();
  }

  static void migrate(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      try {
        s.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
        int current;
        try (ResultSet rs =
            s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
          rs.next();
          current = rs.getInt(1);
        }
        if (current > VERSIONS.size()) {
          throw new IllegalStateException(
              "database schema version "
                  + current
                  + " is newer than this code ("
                  + VERSIONS.size()
                  + ")");
        }
        for (int v = current + 1; v <= VERSIONS.size(); v++) {
          for (String sql : VERSIONS.get(v - 1)) {
            s.execute(sql);
          }
          try (PreparedStatement p =
              c.prepareStatement("INSERT INTO schema_version VALUES (?, datetime('now'))")) {
            p.setInt(1, v);
            p.executeUpdate();
          }
        }
        s.execute("COMMIT");
      } catch (SQLException | RuntimeException e) {
        s.execute("ROLLBACK");
        throw e;
      }
    }
  }
}
