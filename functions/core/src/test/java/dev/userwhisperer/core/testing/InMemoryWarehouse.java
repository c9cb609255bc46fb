package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.Warehouse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keeps rows per table, ignoring a row whose key is already there, as the real adapters do. */
public final class InMemoryWarehouse implements Warehouse {
  private final Map<Table, Map<List<Object>, Map<String, Object>>> tables =
      new EnumMap<>(Table.class);

  @Override
  public synchronized void append(Table table, List<Map<String, Object>> rows) {
    var byKey = tables.computeIfAbsent(table, t -> new LinkedHashMap<>());
    for (Map<String, Object> row : rows) {
      List<Object> key = table.key().stream().map(row::get).toList();
      byKey.putIfAbsent(key, row);
    }
  }

  public synchronized List<Map<String, Object>> rows(Table table) {
    return new ArrayList<>(tables.getOrDefault(table, Map.of()).values());
  }
}
