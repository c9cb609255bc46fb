package dev.userwhisperer.local.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.decide.Intervention;
import dev.userwhisperer.core.decide.InterventionCatalog;
import dev.userwhisperer.core.message.EventTypes;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The names bigquery/views/holdout_lift.sql repeats from core stay core's. */
class HoldoutLiftViewNamesTest {
  @Test
  void theViewLeavesOutExactlyTheTransactionalInterventions() throws Exception {
    assertThat(ViewSql.literals(ViewSql.of("holdout_lift"), "d\\.intervention <> ('[a-z_]+')"))
        .isEqualTo(
            InterventionCatalog.ALL.stream()
                .filter(Intervention::transactional)
                .map(Intervention::name)
                .collect(Collectors.toCollection(TreeSet::new)));
  }

  @Test
  void theViewCountsExactlyCoresActivityTypesAsActive() throws Exception {
    assertThat(
            ViewSql.literals(
                ViewSql.of("holdout_lift"), "WHEN e\\.type IN \\(([^)]*)\\)\\s+AND e\\.event_time"))
        .isEqualTo(new TreeSet<>(EventTypes.ACTIVITY));
  }
}
