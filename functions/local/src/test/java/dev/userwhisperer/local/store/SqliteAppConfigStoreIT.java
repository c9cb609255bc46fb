package dev.userwhisperer.local.store;

import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.testing.AppConfigStoreContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteAppConfigStoreIT extends AppConfigStoreContract {
  @TempDir Path dir;
  private final List<SqliteDatabase> databases = new ArrayList<>();

  @Override
  protected AppConfigStore store() {
    SqliteDatabase db = new SqliteDatabase(dir.resolve("whisperer-" + databases.size() + ".db"));
    databases.add(db);
    return new SqliteAppConfigStore(db);
  }

  @AfterEach
  void close() {
    databases.forEach(SqliteDatabase::close);
  }
}
