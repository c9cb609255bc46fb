package dev.userwhisperer.core.learn;

import dev.userwhisperer.core.port.EffectMoments;
import dev.userwhisperer.core.port.EffectSpread;
import dev.userwhisperer.core.port.UpliftSource;
import dev.userwhisperer.core.port.UpliftTable;
import dev.userwhisperer.core.port.UpliftTableStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The daily learning job: reads the outcomes of every decision whose attribution window has closed
 * from the warehouse and stores them as the {@link UpliftTable} decide ranks interventions with,
 * beside each app's spread of its users' own readings of what messages do to them ({@link
 * EffectSpreadEstimator}), with which decide weighs a user's readings against the prediction.
 * Idempotent: a rerun recomputes the same table from the same warehouse.
 */
public final class UpliftRefresh {
  /**
   * The users whose readings count: those with a profile snapshot in the last 4 weeks (the window
   * of the app-wide bandit counts too), so the query reads a month of snapshots, not all of them.
   */
  static final Duration READINGS_WINDOW = Duration.ofDays(28);

  private final UpliftSource source;
  private final UpliftTableStore store;
  private final Clock clock;

  public UpliftRefresh(UpliftSource source, UpliftTableStore store, Clock clock) {
    this.source = Objects.requireNonNull(source, "source");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Computes, stores and returns the table as of the clock's now. */
  public UpliftTable refresh() {
    Instant now = clock.instant();
    Map<String, EffectSpread> spreads = new TreeMap<>();
    for (EffectMoments moments : source.messageEffects(now.minus(READINGS_WINDOW))) {
      EffectSpreadEstimator.estimate(moments).ifPresent(s -> spreads.put(moments.appId(), s));
    }
    UpliftTable table =
        new UpliftTable(now, source.outcomes(UpliftTable.lastClosedDecisionDate(now)), spreads);
    store.save(table);
    return table;
  }
}
