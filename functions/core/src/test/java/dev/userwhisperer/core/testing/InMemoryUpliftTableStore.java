package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.port.UpliftTable;
import dev.userwhisperer.core.port.UpliftTableStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class InMemoryUpliftTableStore implements UpliftTableStore {
  private final Map<String, UpliftTable> byApp = new LinkedHashMap<>();
  private int loads;

  @Override
  public synchronized void save(UpliftTable table) {
    table.appIds().forEach(app -> byApp.put(app, table.forApp(app)));
  }

  @Override
  public synchronized UpliftTable load() {
    loads++;
    return UpliftTable.merge(List.copyOf(byApp.values()));
  }

  /** How often {@link #load()} was called. */
  public synchronized int loads() {
    return loads;
  }
}
