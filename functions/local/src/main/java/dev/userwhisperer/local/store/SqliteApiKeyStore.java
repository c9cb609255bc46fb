package dev.userwhisperer.local.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.ApiKeyStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * API keys by hash; saving a key with a known hash replaces it (that is how a key is revoked).
 *
 * <p>Keys found are remembered in memory, since every request of the public API looks its key up (a
 * SQLite read and a JSON decode cost ingest about a tenth of its CPU per request). This store is
 * the only writer of the table, so {@link #save} forgets the key it replaces and a revocation holds
 * from the next request on. Unknown keys are not remembered, so a client trying keys cannot grow
 * the memory beyond {@link #CACHED_KEYS}.
 */
public final class SqliteApiKeyStore implements ApiKeyStore {
  static final int CACHED_KEYS = 10_000;

  private final SqliteDatabase db;
  private final ConcurrentHashMap<String, ApiKey> found = new ConcurrentHashMap<>();
  // bumped by every save: a lookup that overlapped one does not remember what it read
  private final AtomicLong saves = new AtomicLong();

  public SqliteApiKeyStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public Optional<ApiKey> findByHash(String sha256Hex) {
    ApiKey cached = found.get(sha256Hex);
    if (cached != null) {
      return Optional.of(cached);
    }
    long savesBefore = saves.get();
    Optional<ApiKey> key = load(sha256Hex);
    if (key.isPresent() && saves.get() == savesBefore) {
      if (found.size() >= CACHED_KEYS) {
        found.clear();
      }
      found.putIfAbsent(sha256Hex, key.get());
    }
    return key;
  }

  private Optional<ApiKey> load(String sha256Hex) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("SELECT doc FROM api_keys WHERE hash = ?")) {
            p.setString(1, sha256Hex);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next()
                  ? Optional.of(Json.decode(rs.getString(1).getBytes(UTF_8), ApiKey.class))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public void save(ApiKey key) {
    db.write(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO api_keys (hash, app_id, doc) VALUES (?, ?, ?)")) {
            p.setString(1, key.hash());
            p.setString(2, key.appId());
            p.setString(3, Json.encodeToString(key));
            return p.executeUpdate();
          }
        });
    saves.incrementAndGet();
    found.remove(key.hash());
  }

  @Override
  public List<ApiKey> listByApp(String appId) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("SELECT doc FROM api_keys WHERE app_id = ?")) {
            p.setString(1, appId);
            List<ApiKey> keys = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                keys.add(Json.decode(rs.getString(1).getBytes(UTF_8), ApiKey.class));
              }
            }
            return keys;
          }
        });
  }
}
