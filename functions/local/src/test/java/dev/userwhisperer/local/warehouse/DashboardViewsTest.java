package dev.userwhisperer.local.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardViewsTest {
  @Test
  void everyViewOfBigqueryViewsRunsOnTheLocalWarehouse(@TempDir Path dir) throws Exception {
    try (Stream<Path> files = Files.list(Path.of("../../bigquery/views"))) {
      var shipped =
          files.map(f -> f.getFileName().toString().replaceFirst("\\.sql$", "")).sorted().toList();
      try (DuckDbWarehouse warehouse = new DuckDbWarehouse(dir.resolve("warehouse.duckdb"))) {
        assertThat(DashboardViews.createAll(warehouse)).isEqualTo(shipped).contains("holdout_lift");
        for (String view : shipped) {
          assertThat(warehouse.query("SELECT * FROM " + view)).as(view).isEmpty();
        }
      }
    }
  }
}
