package dev.userwhisperer.local.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.PersonalDataStore;
import dev.userwhisperer.core.port.QuarantinedEvent;
import dev.userwhisperer.core.privacy.QuarantinedEvents;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Erases a user from the stores the embedded backend keeps in SQLite, in one transaction: the
 * profile (with its scheduled checks), decisions, ingest's dedup claims of the user's events,
 * quarantined events about the user, the consent trail, and the user's messages still waiting on
 * the bus (pending or dead-lettered; one being handled right now finishes first).
 */
public final class SqliteStoresErasure implements PersonalDataStore {
  private final SqliteDatabase db;

  public SqliteStoresErasure(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public List<Erased> erase(ErasureScope scope) {
    String app = scope.appId();
    String user = scope.userId();
    String orderingKey = app + "/" + user;
    return db.write(
        c -> {
          List<Erased> erased = new ArrayList<>();
          erased.add(
              SqliteErasing.delete(
                  c, "sqlite.profiles", "profiles", "app_id = ? AND user_id = ?", app, user));
          erased.add(
              SqliteErasing.delete(
                  c, "sqlite.decisions", "decisions", "app_id = ? AND user_id = ?", app, user));
          erased.add(
              SqliteErasing.deleteIds(
                  c,
                  "sqlite.ingest_dedup",
                  "ingest_dedup",
                  app,
                  "message_id",
                  scope.eventMessageIds()));
          erased.add(quarantine(c, app, user));
          erased.add(
              SqliteErasing.delete(
                  c,
                  "sqlite.consent_trail",
                  "consent_trail",
                  "app_id = ? AND user_id = ?",
                  app,
                  user));
          erased.add(
              SqliteErasing.delete(
                  c,
                  "sqlite.bus_messages",
                  "bus_messages",
                  "ordering_key = ? AND state = 'pending'",
                  orderingKey));
          erased.add(
              SqliteErasing.delete(
                  c,
                  "sqlite.bus_dead_letters",
                  "bus_dead_letters",
                  "ordering_key = ?",
                  orderingKey));
          return erased;
        });
  }

  private static Erased quarantine(java.sql.Connection c, String appId, String userId)
      throws java.sql.SQLException {
    List<Long> about = new ArrayList<>();
    try (PreparedStatement p =
        c.prepareStatement("SELECT seq, doc FROM quarantine WHERE app_id = ?")) {
      p.setString(1, appId);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          QuarantinedEvent event =
              Json.decode(rs.getString(2).getBytes(UTF_8), QuarantinedEvent.class);
          if (QuarantinedEvents.concerns(event, userId)) {
            about.add(rs.getLong(1));
          }
        }
      }
    }
    try (PreparedStatement p = c.prepareStatement("DELETE FROM quarantine WHERE seq = ?")) {
      for (long seq : about) {
        p.setLong(1, seq);
        p.addBatch();
      }
      p.executeBatch();
    }
    return new Erased("sqlite.quarantine", about.size());
  }
}
