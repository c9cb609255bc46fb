package dev.userwhisperer.local;

import dev.userwhisperer.local.store.SqliteDatabase;
import java.util.Objects;

/**
 * The SQLite file of ingest (dedup claims, the {@code events} topic), apart from {@code
 * whisperer.db} so that SQLite's one writer per file is not shared with the pipeline.
 */
public record IntakeFile(SqliteDatabase db) implements AutoCloseable {
  static final String NAME = "intake.db";

  /**
   * The writer's page cache, 64 MiB: the dedup index takes every accepted messageId, and with
   * random (UUID) ids a group commit of ~13 requests touches ~1,300 of its pages; SQLite's default
   * 2 MB cache spilled and re-read them (docs/benchmarks.md, issue 26).
   */
  static final int WRITER_CACHE_KIB = 64 * 1024;

  public IntakeFile {
    Objects.requireNonNull(db, "db");
  }

  @Override
  public void close() {
    db.close();
  }
}
