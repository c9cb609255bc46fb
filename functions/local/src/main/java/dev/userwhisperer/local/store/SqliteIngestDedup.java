package dev.userwhisperer.local.store;

import dev.userwhisperer.core.port.IngestDedup;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Claimed and accepted messageIds per app. A claim is one write transaction, and SQLite has one
 * writer at a time, so of two concurrent claims of an id exactly one wins. This process is the
 * database's only writer: a claim still pending when it starts belongs to a request that died with
 * the last process, and is released at once rather than after the lease. Accepted ids older than
 * {@link IngestDedup#RETENTION} are deleted, at most once per {@link #PRUNE_EVERY} of the time
 * passed to {@link #confirm}.
 */
public final class SqliteIngestDedup implements IngestDedup {
  static final Duration PRUNE_EVERY = Duration.ofHours(1);

  private final SqliteDatabase db;
  private volatile Instant lastPrune = Instant.MIN;

  public SqliteIngestDedup(SqliteDatabase db) {
    this.db = db;
    db.write(
        c -> {
          try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM ingest_dedup WHERE pending = 1");
          }
          return null;
        });
  }

  @Override
  public Claim claim(String appId, Collection<String> messageIds, Instant at) {
    List<String> ids = List.copyOf(new HashSet<>(messageIds));
    if (ids.isEmpty()) {
      return new Claim(Set.of(), Set.of());
    }
    long now = SqliteDatabase.nanos(at);
    long acceptedSince = SqliteDatabase.nanos(at.minus(RETENTION));
    long pendingSince = SqliteDatabase.nanos(at.minus(CLAIM_LEASE));
    return db.write(
        c -> {
          Set<String> claimed = new HashSet<>();
          Set<String> inFlight = new HashSet<>();
          try (PreparedStatement find =
                  c.prepareStatement(
                      "SELECT pending, accepted_at FROM ingest_dedup"
                          + " WHERE app_id = ? AND message_id = ?");
              PreparedStatement take =
                  c.prepareStatement(
                      "INSERT OR REPLACE INTO ingest_dedup (app_id, message_id, accepted_at,"
                          + " pending) VALUES (?, ?, ?, 1)")) {
            for (String id : ids) {
              find.setString(1, appId);
              find.setString(2, id);
              boolean free;
              try (ResultSet rs = find.executeQuery()) {
                if (!rs.next()) {
                  free = true;
                } else if (rs.getInt(1) == 1) {
                  free = rs.getLong(2) <= pendingSince;
                  if (!free) {
                    inFlight.add(id);
                  }
                } else {
                  free = rs.getLong(2) < acceptedSince;
                }
              }
              if (free) {
                take.setString(1, appId);
                take.setString(2, id);
                take.setLong(3, now);
                take.addBatch();
                claimed.add(id);
              }
            }
            take.executeBatch();
          }
          return new Claim(claimed, inFlight);
        });
  }

  @Override
  public void confirm(String appId, Collection<String> messageIds, Instant claimedAt) {
    if (messageIds.isEmpty()) {
      return;
    }
    db.write(
        c -> {
          forEachId(
              c,
              "UPDATE ingest_dedup SET pending = 0"
                  + " WHERE app_id = ? AND message_id = ? AND accepted_at = ?",
              appId,
              messageIds,
              claimedAt);
          if (claimedAt.isAfter(lastPrune.plus(PRUNE_EVERY))) {
            try (PreparedStatement prune =
                c.prepareStatement(
                    "DELETE FROM ingest_dedup WHERE pending = 0 AND accepted_at < ?")) {
              prune.setLong(1, SqliteDatabase.nanos(claimedAt.minus(RETENTION)));
              prune.executeUpdate();
            }
            lastPrune = claimedAt;
          }
          return null;
        });
  }

  @Override
  public void release(String appId, Collection<String> messageIds, Instant claimedAt) {
    if (messageIds.isEmpty()) {
      return;
    }
    db.write(
        c -> {
          forEachId(
              c,
              "DELETE FROM ingest_dedup"
                  + " WHERE app_id = ? AND message_id = ? AND accepted_at = ? AND pending = 1",
              appId,
              messageIds,
              claimedAt);
          return null;
        });
  }

  /** Runs {@code sql} once per id, with the app, the id and the claim's instant bound in order. */
  private static void forEachId(
      Connection c, String sql, String appId, Collection<String> ids, Instant claimedAt)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (String id : ids) {
        p.setString(1, appId);
        p.setString(2, id);
        p.setLong(3, SqliteDatabase.nanos(claimedAt));
        p.addBatch();
      }
      p.executeBatch();
    }
  }
}
