package dev.userwhisperer.local.store;

import dev.userwhisperer.core.port.IngestDedup;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Accepted messageIds per app. Ids older than {@link IngestDedup#RETENTION} are deleted, at most
 * once per {@link #PRUNE_EVERY} of the time passed to {@link #remember}.
 */
public final class SqliteIngestDedup implements IngestDedup {
  /** Below SQLite's default limit of bound parameters per statement. */
  private static final int CHUNK = 500;

  static final Duration PRUNE_EVERY = Duration.ofHours(1);

  private final SqliteDatabase db;
  private volatile Instant lastPrune = Instant.MIN;

  public SqliteIngestDedup(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public Set<String> seen(String appId, Collection<String> messageIds) {
    List<String> ids = List.copyOf(new HashSet<>(messageIds));
    if (ids.isEmpty()) {
      return Set.of();
    }
    return db.read(
        c -> {
          Set<String> seen = new HashSet<>();
          for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement p =
                c.prepareStatement(
                    "SELECT message_id FROM ingest_dedup WHERE app_id = ? AND message_id IN ("
                        + marks
                        + ")")) {
              p.setString(1, appId);
              for (int i = 0; i < chunk.size(); i++) {
                p.setString(i + 2, chunk.get(i));
              }
              try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                  seen.add(rs.getString(1));
                }
              }
            }
          }
          return Set.copyOf(seen);
        });
  }

  @Override
  public void remember(String appId, Collection<String> messageIds, Instant acceptedAt) {
    if (messageIds.isEmpty()) {
      return;
    }
    db.write(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT OR IGNORE INTO ingest_dedup (app_id, message_id, accepted_at) VALUES (?, ?, ?)")) {
            for (String id : messageIds) {
              p.setString(1, appId);
              p.setString(2, id);
              p.setLong(3, SqliteDatabase.nanos(acceptedAt));
              p.addBatch();
            }
            p.executeBatch();
          }
          if (acceptedAt.isAfter(lastPrune.plus(PRUNE_EVERY))) {
            try (PreparedStatement prune =
                c.prepareStatement("DELETE FROM ingest_dedup WHERE accepted_at < ?")) {
              prune.setLong(1, SqliteDatabase.nanos(acceptedAt.minus(RETENTION)));
              prune.executeUpdate();
            }
            lastPrune = acceptedAt;
          }
          return null;
        });
  }
}
