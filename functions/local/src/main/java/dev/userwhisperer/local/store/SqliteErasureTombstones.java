package dev.userwhisperer.local.store;

import dev.userwhisperer.core.port.ErasureTombstones;
import dev.userwhisperer.core.port.PersonalDataStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The erasure tombstones of the local runner, in SQLite table {@code erasure_tombstones}: each
 * erased user's latest erasure time under a SHA-256 of app and user id, never the id itself. As a
 * {@link PersonalDataStore} it records the tombstone when an erasure reaches it (it removes
 * nothing, so it adds no line to the receipt); the erasure must reach it before the stores that
 * delete, so that a batch analysed meanwhile is held back rather than applied to a half-erased
 * user. The tombstones are read on every batch, so they are kept in memory too: there is one per
 * erasure, and this process is the only writer of its file.
 */
public final class SqliteErasureTombstones implements ErasureTombstones, PersonalDataStore {
  private final SqliteDatabase db;
  private final Map<String, Instant> erased = new ConcurrentHashMap<>();

  public SqliteErasureTombstones(SqliteDatabase db) {
    this.db = db;
    db.read(
        c -> {
          try (PreparedStatement p =
                  c.prepareStatement("SELECT user_key, erased_at FROM erasure_tombstones");
              ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              erased.put(rs.getString(1), SqliteDatabase.instant(rs.getLong(2)));
            }
            return null;
          }
        });
  }

  @Override
  public Optional<Instant> erasedAt(String appId, String userId) {
    return Optional.ofNullable(erased.get(key(appId, userId)));
  }

  @Override
  public List<Erased> erase(ErasureScope scope) {
    String key = key(scope.appId(), scope.userId());
    Instant at = scope.erasedAt();
    db.write(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO erasure_tombstones (user_key, erased_at) VALUES (?, ?)"
                      + " ON CONFLICT (user_key) DO UPDATE SET"
                      + " erased_at = max(erased_at, excluded.erased_at)")) {
            p.setString(1, key);
            p.setLong(2, SqliteDatabase.nanos(at));
            return p.executeUpdate();
          }
        });
    erased.merge(key, at, (a, b) -> a.isAfter(b) ? a : b);
    return List.of();
  }

  /** The pseudonym a tombstone is kept under: hex SHA-256 of app and user id. */
  static String key(String appId, String userId) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(appId.getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) 0);
      sha256.update(userId.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
