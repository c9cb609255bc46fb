package dev.userwhisperer.local;

import dev.userwhisperer.local.store.SqliteDatabase;
import java.util.Objects;

/**
 * The SQLite file of ingest (dedup claims, the {@code events} topic), apart from {@code
 * whisperer.db} so that SQLite's one writer per file is not shared with the pipeline.
 */
public record IntakeFile(SqliteDatabase db) implements AutoCloseable {
  static final String NAME = "intake.db";

  public IntakeFile {
    Objects.requireNonNull(db, "db");
  }

  @Override
  public void close() {
    db.close();
  }
}
