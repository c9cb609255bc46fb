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

/** API keys by hash; saving a key with a known hash replaces it (that is how a key is revoked). */
public final class SqliteApiKeyStore implements ApiKeyStore {
  private final SqliteDatabase db;

  public SqliteApiKeyStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public Optional<ApiKey> findByHash(String sha256Hex) {
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
