package dev.userwhisperer.local.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.profile.ConsentRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The consent trail in SQLite: {@code consent_trail} (append-only, one row per record id) and
 * {@code suppressions} (address pseudonyms). Erased by {@link SqliteStoresErasure}.
 */
public final class SqliteConsentTrail implements ConsentTrail {
  private final SqliteDatabase db;

  public SqliteConsentTrail(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void append(List<ConsentRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    db.write(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT OR IGNORE INTO consent_trail (record_id, app_id, user_id, at, doc)"
                      + " VALUES (?, ?, ?, ?, ?)")) {
            for (ConsentRecord r : records) {
              p.setString(1, r.recordId());
              p.setString(2, r.appId());
              p.setString(3, r.userId());
              p.setLong(4, SqliteDatabase.nanos(r.at()));
              p.setString(5, Json.encodeToString(r));
              p.addBatch();
            }
            p.executeBatch();
          }
          return null;
        });
  }

  @Override
  public List<ConsentRecord> list(String appId, String userId) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT doc FROM consent_trail WHERE app_id = ? AND user_id = ? ORDER BY at, record_id")) {
            p.setString(1, appId);
            p.setString(2, userId);
            List<ConsentRecord> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                out.add(Json.decode(rs.getString(1).getBytes(UTF_8), ConsentRecord.class));
              }
            }
            return out;
          }
        });
  }

  @Override
  public void suppress(String appId, Channel channel, String addressPseudonym, Instant at) {
    db.write(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT OR IGNORE INTO suppressions (app_id, channel, address_pseudonym,"
                      + " suppressed_at) VALUES (?, ?, ?, ?)")) {
            p.setString(1, appId);
            p.setString(2, channel.wireName());
            p.setString(3, addressPseudonym);
            p.setLong(4, SqliteDatabase.nanos(at));
            return p.executeUpdate();
          }
        });
  }

  @Override
  public boolean suppressed(String appId, Channel channel, String addressPseudonym) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT 1 FROM suppressions WHERE app_id = ? AND channel = ?"
                      + " AND address_pseudonym = ?")) {
            p.setString(1, appId);
            p.setString(2, channel.wireName());
            p.setString(3, addressPseudonym);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next();
            }
          }
        });
  }
}
