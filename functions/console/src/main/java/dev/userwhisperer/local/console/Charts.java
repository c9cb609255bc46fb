package dev.userwhisperer.local.console;

import dev.userwhisperer.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ECharts options for the console's charts, as JSON that {@code console.js} hands to {@code
 * echarts.setOption}: the server decides what is drawn, the browser only draws it.
 */
final class Charts {
  private Charts() {}

  /** One bar per category; several series side by side. */
  static String bars(List<String> categories, Map<String, List<? extends Number>> series) {
    return axisChart("bar", categories, series);
  }

  /** One line per series over the categories (dates). */
  static String lines(List<String> categories, Map<String, List<? extends Number>> series) {
    return axisChart("line", categories, series);
  }

  /** A pie of named shares. */
  static String pie(Map<String, ? extends Number> shares) {
    List<Map<String, Object>> data = new ArrayList<>();
    shares.forEach((name, value) -> data.add(Map.of("name", name, "value", value)));
    Map<String, Object> option = new LinkedHashMap<>();
    option.put("tooltip", Map.of("trigger", "item"));
    option.put("legend", Map.of("bottom", 0));
    option.put("series", List.of(Map.of("type", "pie", "radius", "60%", "data", data)));
    return Json.encodeToString(option);
  }

  private static String axisChart(
      String type, List<String> categories, Map<String, List<? extends Number>> series) {
    Map<String, Object> option = new LinkedHashMap<>();
    option.put("tooltip", Map.of("trigger", "axis"));
    option.put("legend", Map.of("bottom", 0));
    option.put("grid", Map.of("left", 40, "right", 16, "top", 16, "bottom", 48));
    option.put("xAxis", Map.of("type", "category", "data", categories));
    option.put("yAxis", Map.of("type", "value"));
    List<Map<String, Object>> all = new ArrayList<>();
    series.forEach((name, values) -> all.add(Map.of("name", name, "type", type, "data", values)));
    option.put("series", all);
    return Json.encodeToString(option);
  }
}
