package dev.userwhisperer.local.store;

import dev.userwhisperer.core.testing.AppsStoresContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteAppsStoresIT extends AppsStoresContract {
  @TempDir Path dir;
  private final List<SqliteDatabase> databases = new ArrayList<>();

  @Override
  protected Stores stores() {
    SqliteDatabase db = new SqliteDatabase(dir.resolve("whisperer-" + databases.size() + ".db"));
    databases.add(db);
    return new Stores(new SqliteAppStore(db), new SqliteAuditLog(db), new SqliteApiKeyStore(db));
  }

  @AfterEach
  void close() {
    databases.forEach(SqliteDatabase::close);
  }
}
