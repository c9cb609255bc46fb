package dev.userwhisperer.local.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.userwhisperer.core.appconfig.AppConfig;
import dev.userwhisperer.core.appconfig.AppConfigRevision;
import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every version of every app's configuration, one row each ({@code app_configs}); the next version
 * is numbered inside the writer's transaction, so concurrent saves never share one.
 */
public final class SqliteAppConfigStore implements AppConfigStore {
  private static final String COLUMNS = "app_id, version, saved_at, doc";

  private final SqliteDatabase db;

  public SqliteAppConfigStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public Optional<AppConfigRevision> latest(String appId) {
    return first(
        "SELECT " + COLUMNS + " FROM app_configs WHERE app_id = ? ORDER BY version DESC LIMIT 1",
        appId,
        null);
  }

  @Override
  public Optional<AppConfigRevision> find(String appId, long version) {
    return first(
        "SELECT " + COLUMNS + " FROM app_configs WHERE app_id = ? AND version = ?", appId, version);
  }

  @Override
  public List<AppConfigRevision> history(String appId, int limit) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM app_configs WHERE app_id = ? ORDER BY version DESC LIMIT ?")) {
            p.setString(1, appId);
            p.setInt(2, limit);
            return revisions(p);
          }
        });
  }

  @Override
  public AppConfigRevision save(String appId, AppConfig config, Instant savedAt) {
    return db.write(
        c -> {
          long version = nextVersion(c, appId);
          try (PreparedStatement p =
              c.prepareStatement("INSERT INTO app_configs (" + COLUMNS + ") VALUES (?, ?, ?, ?)")) {
            p.setString(1, appId);
            p.setLong(2, version);
            p.setLong(3, SqliteDatabase.nanos(savedAt));
            p.setString(4, Json.encodeToString(config));
            p.executeUpdate();
          }
          return new AppConfigRevision(appId, version, config, savedAt);
        });
  }

  private static long nextVersion(Connection c, String appId) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT coalesce(max(version), 0) + 1 FROM app_configs WHERE app_id = ?")) {
      p.setString(1, appId);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private Optional<AppConfigRevision> first(String sql, String appId, Long version) {
    return db.read(
        c -> {
          try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, appId);
            if (version != null) {
              p.setLong(2, version);
            }
            return revisions(p).stream().findFirst();
          }
        });
  }

  private static List<AppConfigRevision> revisions(PreparedStatement p) throws SQLException {
    List<AppConfigRevision> out = new ArrayList<>();
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        out.add(
            new AppConfigRevision(
                rs.getString(1),
                rs.getLong(2),
                Json.decode(rs.getString(4).getBytes(UTF_8), AppConfig.class),
                SqliteDatabase.instant(rs.getLong(3))));
      }
    }
    return out;
  }
}
