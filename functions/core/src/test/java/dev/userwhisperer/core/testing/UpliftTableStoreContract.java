package dev.userwhisperer.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.port.ArmOutcomes;
import dev.userwhisperer.core.port.EffectSpread;
import dev.userwhisperer.core.port.UpliftCell;
import dev.userwhisperer.core.port.UpliftTable;
import dev.userwhisperer.core.port.UpliftTableStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every {@link UpliftTableStore} adapter does; a subclass supplies a fresh, empty store. */
public abstract class UpliftTableStoreContract {
  private static final Instant DAY1 = Instant.parse("2026-02-01T03:00:00Z");
  private static final Instant DAY2 = Instant.parse("2026-02-02T03:00:00Z");

  protected abstract UpliftTableStore store();

  public static UpliftCell cell(String app, String intervention, String stage, long n) {
    return new UpliftCell(
        app, intervention, stage, new ArmOutcomes(n, n / 2, n / 10), new ArmOutcomes(n / 10, 1, 0));
  }

  @Test
  void anEmptyStoreLoadsTheEmptyTable() {
    assertThat(store().load()).isEqualTo(UpliftTable.EMPTY);
  }

  @Test
  void aSavedTableLoadsAsSaved() {
    UpliftTableStore store = store();
    UpliftTable table =
        new UpliftTable(
            DAY1,
            List.of(
                cell("a1", "winback", "DORMANT", 400),
                cell("a1", "winback", "AT_RISK", 100),
                cell("a2", "churn_save", "ENGAGED", 30)));

    store.save(table);

    assertThat(store.load().computedAt()).isEqualTo(DAY1);
    assertThat(store.load().cells()).containsExactlyInAnyOrderElementsOf(table.cells());
  }

  @Test
  void savingReplacesTheCellsOfTheAppsItHoldsAndKeepsTheOthers() {
    UpliftTableStore store = store();
    store.save(
        new UpliftTable(
            DAY1,
            List.of(cell("a1", "winback", "DORMANT", 400), cell("a2", "welcome", "NEW", 20))));

    store.save(new UpliftTable(DAY2, List.of(cell("a1", "winback", "AT_RISK", 500))));

    UpliftTable loaded = store.load();
    assertThat(loaded.computedAt()).isEqualTo(DAY2);
    assertThat(loaded.cells())
        .containsExactlyInAnyOrder(
            cell("a1", "winback", "AT_RISK", 500), cell("a2", "welcome", "NEW", 20));
  }

  @Test
  void anAppsSpreadIsKeptBesideItsCellsAndAloneWhenItHasNoCells() {
    UpliftTableStore store = store();
    EffectSpread a1 = new EffectSpread(-0.02, 0.2, 0.01, 300);
    EffectSpread a3 = new EffectSpread(0.01, 0.15, 0, 150);

    store.save(
        new UpliftTable(
            DAY1, List.of(cell("a1", "winback", "DORMANT", 400)), Map.of("a1", a1, "a3", a3)));

    UpliftTable loaded = store.load();
    assertThat(loaded.spread("a1")).isEqualTo(a1);
    assertThat(loaded.spread("a3")).isEqualTo(a3);
    assertThat(loaded.spread("a2")).isEqualTo(EffectSpread.ASSUMED);
  }
}
