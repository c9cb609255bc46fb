package dev.userwhisperer.local.store;

import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.testing.ArmStatisticsContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteArmStatisticsIT extends ArmStatisticsContract {
  @TempDir Path dir;
  SqliteDatabase db;

  @BeforeEach
  void open() {
    db = new SqliteDatabase(dir.resolve("whisperer.db"));
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Override
  protected ArmStatistics statistics() {
    return new SqliteArmStatistics(db);
  }
}
