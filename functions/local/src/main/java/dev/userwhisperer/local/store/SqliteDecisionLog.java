package dev.userwhisperer.local.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.port.DecisionLog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decisions as JSON documents, indexed by user and decision time. Messages are counted once per
 * signal, read from the document: a deferred decision and its release share the signal; a deferred
 * decision is found withdrawn by its release's primary key.
 */
public final class SqliteDecisionLog implements DecisionLog {
  private final SqliteDatabase db;

  public SqliteDecisionLog(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void record(Decision d) {
    db.write(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT OR IGNORE INTO decisions (app_id, decision_id, user_id, outcome, decided_at, send_at, doc) "
                      + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, d.appId());
            p.setString(2, d.decisionId());
            p.setString(3, d.userId());
            p.setString(4, d.outcome().name());
            p.setLong(5, SqliteDatabase.nanos(d.decidedAt()));
            if (d.sendAt() == null) {
              p.setNull(6, Types.INTEGER);
            } else {
              p.setLong(6, SqliteDatabase.nanos(d.sendAt()));
            }
            p.setString(7, Json.encodeToString(d));
            return p.executeUpdate();
          }
        });
  }

  @Override
  public Optional<Decision> find(String appId, String decisionId) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT doc FROM decisions WHERE app_id = ? AND decision_id = ?")) {
            p.setString(1, appId);
            p.setString(2, decisionId);
            List<Decision> found = decisions(p);
            return found.stream().findFirst();
          }
        });
  }

  @Override
  public List<Decision> recent(String appId, String userId, int limit) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT doc FROM decisions WHERE app_id = ? AND user_id = ? "
                      + "ORDER BY decided_at DESC, decision_id DESC LIMIT ?")) {
            p.setString(1, appId);
            p.setString(2, userId);
            p.setInt(3, limit);
            return decisions(p);
          }
        });
  }

  @Override
  public List<Instant> messagesSince(String appId, String userId, Instant since) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT max(d.send_at) FROM decisions d WHERE d.app_id = ? AND d.user_id = ?"
                      + " AND d.outcome IN ('SEND', 'DEFERRED') AND d.send_at >= ?"
                      + " AND NOT EXISTS (SELECT 1 FROM decisions w WHERE w.app_id = d.app_id"
                      + " AND w.decision_id = d.decision_id || ? AND w.outcome = 'NOT_ELIGIBLE')"
                      + " GROUP BY coalesce('signal:' || json_extract(d.doc, '$.signalId'),"
                      + " 'decision:' || d.decision_id)")) {
            p.setString(1, appId);
            p.setString(2, userId);
            p.setLong(3, SqliteDatabase.nanos(since));
            p.setString(4, Ids.RELEASE_SUFFIX);
            List<Instant> times = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                times.add(SqliteDatabase.instant(rs.getLong(1)));
              }
            }
            return times;
          }
        });
  }

  private static List<Decision> decisions(PreparedStatement p) throws SQLException {
    List<Decision> out = new ArrayList<>();
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        out.add(Json.decode(rs.getString(1).getBytes(UTF_8), Decision.class));
      }
    }
    return out;
  }
}
