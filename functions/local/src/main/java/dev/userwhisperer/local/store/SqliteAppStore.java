package dev.userwhisperer.local.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.App;
import dev.userwhisperer.core.port.AppStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The apps, one JSON document per id. */
public final class SqliteAppStore implements AppStore {
  private final SqliteDatabase db;

  public SqliteAppStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public Optional<App> find(String appId) {
    return db.read(
        c -> {
          try (PreparedStatement p = c.prepareStatement("SELECT doc FROM apps WHERE app_id = ?")) {
            p.setString(1, appId);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next()
                  ? Optional.of(Json.decode(rs.getString(1).getBytes(UTF_8), App.class))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public boolean create(App app) {
    return write("INSERT OR IGNORE INTO apps (app_id, doc) VALUES (?, ?)", app) == 1;
  }

  @Override
  public void save(App app) {
    write("INSERT OR REPLACE INTO apps (app_id, doc) VALUES (?, ?)", app);
  }

  private int write(String sql, App app) {
    return db.write(
        c -> {
          try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, app.appId());
            p.setString(2, Json.encodeToString(app));
            return p.executeUpdate();
          }
        });
  }

  @Override
  public List<App> list() {
    return db.read(
        c -> {
          try (PreparedStatement p = c.prepareStatement("SELECT doc FROM apps ORDER BY app_id")) {
            List<App> apps = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                apps.add(Json.decode(rs.getString(1).getBytes(UTF_8), App.class));
              }
            }
            return apps;
          }
        });
  }
}
