package dev.userwhisperer.local.store;

import dev.userwhisperer.core.port.UpliftTableStore;
import dev.userwhisperer.core.testing.UpliftTableStoreContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteUpliftTableStoreIT extends UpliftTableStoreContract {
  @TempDir Path dir;
  private final List<SqliteDatabase> databases = new ArrayList<>();

  @Override
  protected UpliftTableStore store() {
    SqliteDatabase db = new SqliteDatabase(dir.resolve("whisperer-" + databases.size() + ".db"));
    databases.add(db);
    return new SqliteUpliftTableStore(db);
  }

  @AfterEach
  void close() {
    databases.forEach(SqliteDatabase::close);
  }
}
