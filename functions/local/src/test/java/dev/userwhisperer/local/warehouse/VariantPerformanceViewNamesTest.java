package dev.userwhisperer.local.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.learn.Attribution;
import dev.userwhisperer.core.message.EventTypes;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The names and numbers bigquery/views/variant_performance.sql repeats from core stay core's. */
class VariantPerformanceViewNamesTest {
  @Test
  void theViewCountsExactlyCoresConversionTypes() throws Exception {
    assertThat(
            ViewSql.literals(
                ViewSql.of("variant_performance"),
                "AND e\\.type IN \\(([^)]*)\\)\\s+AND e\\.event_time"))
        .isEqualTo(new TreeSet<>(EventTypes.CONVERSIONS));
  }

  @Test
  void theViewsWindowIsTheAttributionWindowTheBanditLearnsIn() throws Exception {
    assertThat(ViewSql.of("variant_performance"))
        .contains("INTERVAL " + Attribution.DEFAULT.window().toHours() + " HOUR")
        .doesNotContainPattern("INTERVAL (?!" + Attribution.DEFAULT.window().toHours() + " )");
  }
}
