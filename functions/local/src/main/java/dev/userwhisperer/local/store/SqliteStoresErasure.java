package dev.userwhisperer.local.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.PersonalDataStore;
import dev.userwhisperer.core.port.QuarantinedEvent;
import dev.userwhisperer.core.privacy.QuarantinedEvents;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Erases a user from the stores the embedded backend keeps in SQLite, in one transaction: the
 * profile (with its scheduled checks), decisions, ingest's dedup claims of the user's events,
 * quarantined events about the user, the consent trail, and the user's messages still waiting on
 * the bus (pending or dead-lettered; one being handled right now finishes first). The dedup claims
 * and the bus messages are erased from the intake's file too, in a transaction of their own (each
 * file commits on its own; the counts are the sums over both).
 */
public final class SqliteStoresErasure implements PersonalDataStore {
  private final SqliteDatabase db;
  private final SqliteDatabase intake;

  /** {@code intake} may be {@code db} itself. */
  public SqliteStoresErasure(SqliteDatabase db, SqliteDatabase intake) {
    this.db = db;
    this.intake = intake;
  }

  @Override
  public List<Erased> erase(ErasureScope scope) {
    List<Erased> erased = eraseFrom(db, scope, true);
    if (intake == db) {
      return erased;
    }
    List<Erased> fromIntake = eraseFrom(intake, scope, false);
    Map<String, Long> counts = new LinkedHashMap<>();
    erased.forEach(e -> counts.put(e.store(), e.count()));
    fromIntake.forEach(e -> counts.merge(e.store(), e.count(), Long::sum));
    List<Erased> summed = new ArrayList<>();
    counts.forEach((store, count) -> summed.add(new Erased(store, count)));
    return summed;
  }

  /** The stores of the pipeline's file only when {@code pipelineStores}; the intake's always. */
  private static List<Erased> eraseFrom(
      SqliteDatabase file, ErasureScope scope, boolean pipelineStores) {
    String app = scope.appId();
    String user = scope.userId();
    String orderingKey = app + "/" + user;
    return file.write(
        c -> {
          List<Erased> erased = new ArrayList<>();
          if (pipelineStores) {
            erased.add(
                SqliteErasing.delete(
                    c, "sqlite.profiles", "profiles", "app_id = ? AND user_id = ?", app, user));
            erased.add(
                SqliteErasing.delete(
                    c, "sqlite.decisions", "decisions", "app_id = ? AND user_id = ?", app, user));
          }
          erased.add(
              SqliteErasing.deleteIds(
                  c,
                  "sqlite.ingest_dedup",
                  "ingest_dedup",
                  app,
                  "message_id",
                  scope.eventMessageIds()));
          if (pipelineStores) {
            erased.add(quarantine(c, app, user));
            erased.add(
                SqliteErasing.delete(
                    c,
                    "sqlite.consent_trail",
                    "consent_trail",
                    "app_id = ? AND user_id = ?",
                    app,
                    user));
          }
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
