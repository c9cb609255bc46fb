package dev.userwhisperer.core.learn;

import dev.userwhisperer.core.port.UpliftSource;
import dev.userwhisperer.core.port.UpliftTable;
import dev.userwhisperer.core.port.UpliftTableStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The daily learning job: reads the outcomes of every decision whose attribution window has closed
 * from the warehouse and stores them as the {@link UpliftTable} decide ranks interventions with.
 * Idempotent: a rerun recomputes the same table from the same warehouse.
 */
public final class UpliftRefresh {
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
    UpliftTable table =
        new UpliftTable(now, source.outcomes(UpliftTable.lastClosedDecisionDate(now)));
    store.save(table);
    return table;
  }
}
