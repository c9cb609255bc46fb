package dev.userwhisperer.local.store;

import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.testing.DecisionLogContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteDecisionLogIT extends DecisionLogContract {
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
  protected DecisionLog log() {
    return new SqliteDecisionLog(db);
  }
}
