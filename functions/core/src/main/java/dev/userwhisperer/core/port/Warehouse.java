package dev.userwhisperer.core.port;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Append-only analytic tables (BigQuery on Google Cloud, DuckDB locally). Rows are made by {@code
 * WarehouseRows}; a row whose key is already in its table is ignored, so retries do not duplicate.
 */
public interface Warehouse {
  void append(Table table, List<Map<String, Object>> rows);

  /**
   * Appends the rows {@code rows} makes, as {@link #append} does; an adapter that writes at the end
   * of a transaction may make them only then, on another thread, so {@code rows} must read nothing
   * but immutable values.
   */
  default void appendLater(Table table, Supplier<List<Map<String, Object>>> rows) {
    append(table, rows.get());
  }
}
