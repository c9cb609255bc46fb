package dev.userwhisperer.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.userwhisperer.core.port.EffectMoments;
import dev.userwhisperer.core.port.EffectSpread;
import dev.userwhisperer.core.port.UpliftCell;
import dev.userwhisperer.core.port.UpliftSource;
import dev.userwhisperer.core.port.UpliftTable;
import dev.userwhisperer.core.profile.Responsiveness.MessageEffect;
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
  void eachAppWithEnoughRepeatedReadingsGetsItsSpreadFromTheLastFourWeeksOfSnapshots() {
    EffectMoments enough = EffectMoments.none("a1");
    for (int i = 0; i < 120; i++) {
      double d = i % 2 == 0 ? 0.2 : -0.2;
      enough = enough.plus(new MessageEffect(2, 2 * d, 2 * d * d + 0.02));
    }
    EffectMoments few = EffectMoments.none("a2").plus(new MessageEffect(2, 0.2, 0.1));
    List<Instant> since = new ArrayList<>();
    List<EffectMoments> moments = List.of(enough, few);
    UpliftSource source =
        new UpliftSource() {
          @Override
          public List<UpliftCell> outcomes(LocalDate lastDecisionDate) {
            return List.of();
          }

          @Override
          public List<EffectMoments> messageEffects(Instant from) {
            since.add(from);
            return moments;
          }
        };
    InMemoryUpliftTableStore store = new InMemoryUpliftTableStore();

    UpliftTable table = new UpliftRefresh(source, store, new MutableClock(NOW)).refresh();

    assertThat(since).containsExactly(Instant.parse("2026-02-16T02:00:00Z"));
    assertThat(table.spreads()).containsOnlyKeys("a1");
    assertThat(table.spread("a1").spreadVariance()).isCloseTo(0.03, within(1e-9));
    assertThat(table.spread("a2")).isEqualTo(EffectSpread.ASSUMED);
    assertThat(store.load().spread("a1")).isEqualTo(table.spread("a1"));
  }

  @Test
  void aDaysWindowsHaveAllClosedAtTheStartOfItsFifteenthDayAfter() {
    assertThat(UpliftTable.lastClosedDecisionDate(Instant.parse("2026-03-16T00:00:00Z")))
        .isEqualTo(LocalDate.parse("2026-03-01"));
    assertThat(UpliftTable.lastClosedDecisionDate(Instant.parse("2026-03-15T23:59:59Z")))
        .isEqualTo(LocalDate.parse("2026-02-28"));
  }
}
