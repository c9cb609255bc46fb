package dev.userwhisperer.core.port;

import java.util.List;
import java.util.Map;

/**
 * Append-only analytic tables (BigQuery on Google Cloud, DuckDB locally). Rows are made by {@code
 * WarehouseRows}; a row whose key is already in its table is ignored, so retries do not duplicate.
 */
public interface Warehouse {
  void append(Table table, List<Map<String, Object>> rows);
}
