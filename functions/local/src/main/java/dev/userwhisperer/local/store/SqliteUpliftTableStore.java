package dev.userwhisperer.local.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.UpliftTable;
import dev.userwhisperer.core.port.UpliftTableStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** One row per app holding that app's part of the latest uplift table as JSON. */
public final class SqliteUpliftTableStore implements UpliftTableStore {
  private final SqliteDatabase db;

  public SqliteUpliftTableStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void save(UpliftTable table) {
    if (table.appIds().isEmpty()) {
      return;
    }
    db.write(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO uplift_tables (app_id, computed_at, doc) VALUES (?, ?, ?)")) {
            for (String app : table.appIds()) {
              p.setString(1, app);
              p.setLong(2, SqliteDatabase.nanos(table.computedAt()));
              p.setString(3, Json.encodeToString(table.forApp(app)));
              p.addBatch();
            }
            p.executeBatch();
          }
          return null;
        });
  }

  @Override
  public UpliftTable load() {
    return db.read(
        c -> {
          try (PreparedStatement p =
                  c.prepareStatement("SELECT doc FROM uplift_tables ORDER BY app_id");
              ResultSet rs = p.executeQuery()) {
            List<UpliftTable> apps = new ArrayList<>();
            while (rs.next()) {
              apps.add(Json.decode(rs.getString(1).getBytes(UTF_8), UpliftTable.class));
            }
            return UpliftTable.merge(apps);
          }
        });
  }
}
