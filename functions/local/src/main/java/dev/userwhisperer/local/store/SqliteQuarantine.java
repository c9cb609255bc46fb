package dev.userwhisperer.local.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.Quarantine;
import dev.userwhisperer.core.port.QuarantinedEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Quarantined events in arrival order; putting a known quarantineId again changes nothing. */
public final class SqliteQuarantine implements Quarantine {
  private final SqliteDatabase db;

  public SqliteQuarantine(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void put(List<QuarantinedEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    db.write(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT OR IGNORE INTO quarantine (app_id, quarantine_id, doc) VALUES (?, ?, ?)")) {
            for (QuarantinedEvent e : events) {
              p.setString(1, e.appId());
              p.setString(2, e.quarantineId());
              p.setString(3, Json.encodeToString(e));
              p.addBatch();
            }
            p.executeBatch();
          }
          return null;
        });
  }

  @Override
  public List<QuarantinedEvent> list(String appId, int limit) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT doc FROM quarantine WHERE app_id = ? ORDER BY seq DESC LIMIT ?")) {
            p.setString(1, appId);
            p.setInt(2, limit);
            List<QuarantinedEvent> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                out.add(Json.decode(rs.getString(1).getBytes(UTF_8), QuarantinedEvent.class));
              }
            }
            return out;
          }
        });
  }
}
