package dev.userwhisperer.core.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.port.UpliftCell;
import dev.userwhisperer.core.port.UpliftTable;
import dev.userwhisperer.core.testing.InMemoryUpliftTableStore;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.UpliftTableStoreContract;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpliftRefreshTest {
  private static final Instant NOW = Instant.parse("2026-03-16T02:00:00Z");

  @Test
  void readsOnlyDaysWhoseWindowsClosedAndStoresTheTable() {
    List<LocalDate> asked = new ArrayList<>();
    UpliftCell cell = UpliftTableStoreContract.cell("a1", "winback", "DORMANT", 100);
    InMemoryUpliftTableStore store = new InMemoryUpliftTableStore();
    UpliftRefresh refresh =
        new UpliftRefresh(
            last -> {
              asked.add(last);
              return List.of(cell);
            },
            store,
            new MutableClock(NOW));

    UpliftTable table = refresh.refresh();

    assertThat(asked).containsExactly(LocalDate.parse("2026-03-01"));
    assertThat(table).isEqualTo(new UpliftTable(NOW, List.of(cell)));
    assertThat(store.load()).isEqualTo(table);
  }

  @Test
  void aDaysWindowsHaveAllClosedAtTheStartOfItsFifteenthDayAfter() {
    assertThat(UpliftTable.lastClosedDecisionDate(Instant.parse("2026-03-16T00:00:00Z")))
        .isEqualTo(LocalDate.parse("2026-03-01"));
    assertThat(UpliftTable.lastClosedDecisionDate(Instant.parse("2026-03-15T23:59:59Z")))
        .isEqualTo(LocalDate.parse("2026-02-28"));
  }
}
