package dev.userwhisperer.local.console;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Rows of a view as a page shows them: the columns in order, each value as text. */
public record TableView(List<String> columns, List<List<String>> rows) {
  public TableView {
    columns = List.copyOf(columns);
    rows = rows.stream().map(List::copyOf).toList();
  }

  /** The rows' columns but {@code omitted} (the app id every row repeats). */
  static TableView of(List<Map<String, Object>> rows, String... omitted) {
    List<String> skip = List.of(omitted);
    if (rows.isEmpty()) {
      return new TableView(List.of(), List.of());
    }
    List<String> columns = rows.get(0).keySet().stream().filter(c -> !skip.contains(c)).toList();
    List<List<String>> cells = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      cells.add(columns.stream().map(c -> text(row.get(c))).toList());
    }
    return new TableView(columns, cells);
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  static String text(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      double d = ((Number) value).doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 1e15
          ? String.valueOf((long) d)
          : "%.4f".formatted(d);
    }
    if (value instanceof Instant instant) {
      return Format.time(instant);
    }
    return value.toString();
  }
}
