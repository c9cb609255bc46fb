package dev.userwhisperer.local.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDatabaseIT {
  @TempDir Path dir;

  @Test
  void theWriterHasThePageCacheItWasGivenAndSqlitesDefaultOtherwise() {
    try (SqliteDatabase big = new SqliteDatabase(dir.resolve("big.db"), 65_536);
        SqliteDatabase plain = new SqliteDatabase(dir.resolve("plain.db"))) {
      assertThat(writerCacheSize(big)).isEqualTo(-65_536);
      assertThat(writerCacheSize(plain)).isEqualTo(-SqliteDatabase.DEFAULT_CACHE_KIB);
    }
  }

  @Test
  void aCacheOfNothingIsRefused() {
    assertThatThrownBy(() -> new SqliteDatabase(dir.resolve("x.db"), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static long writerCacheSize(SqliteDatabase db) {
    return db.write(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("PRAGMA cache_size")) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }
}
