package dev.userwhisperer.local.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.AuditEntry;
import dev.userwhisperer.core.port.AuditLog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** The audit log, append-only; {@code seq} is the row's autoincrement. */
public final class SqliteAuditLog implements AuditLog {
  private final SqliteDatabase db;

  public SqliteAuditLog(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void append(AuditEntry entry) {
    db.write(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("INSERT INTO audit_log (app_id, doc) VALUES (?, ?)")) {
            p.setString(1, entry.appId());
            p.setString(2, Json.encodeToString(entry));
            return p.executeUpdate();
          }
        });
  }

  @Override
  public List<AuditEntry> list(String appId, int limit) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  appId == null
                      ? "SELECT seq, doc FROM audit_log ORDER BY seq DESC LIMIT ?"
                      : "SELECT seq, doc FROM audit_log WHERE app_id = ? ORDER BY seq DESC LIMIT ?")) {
            int i = 1;
            if (appId != null) {
              p.setString(i++, appId);
            }
            p.setInt(i, limit);
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                AuditEntry e = Json.decode(rs.getString(2).getBytes(UTF_8), AuditEntry.class);
                entries.add(
                    new AuditEntry(
                        rs.getLong(1),
                        e.at(),
                        e.actor(),
                        e.action(),
                        e.appId(),
                        e.keyId(),
                        e.details()));
              }
            }
            return entries;
          }
        });
  }
}
