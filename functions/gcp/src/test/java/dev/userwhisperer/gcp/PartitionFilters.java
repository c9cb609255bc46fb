package dev.userwhisperer.gcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which warehouse tables refuse a query without a filter on their partition column, read from the
 * Terraform that creates them, and which reads of those tables in a SQL statement lack such a
 * filter: a comparison of the read's partition column with a constant (a literal, a query
 * parameter, CURRENT_TIMESTAMP), which BigQuery can use to eliminate partitions. A statement that
 * reads a table twice under the same alias needs the filter twice. What it cannot see: a filter
 * under an OR, which BigQuery would not accept either; keep them out of such filters.
 */
public final class PartitionFilters {
  /** The repository's root, from a module's directory under functions/. */
  private static final Path ROOT = Path.of("..", "..");

  private static final Pattern CATALOG_TABLE =
      Pattern.compile(
          "(?m)^\\s*([a-z_]+)\\s*=\\s*\\{\\s*partition_field\\s*=\\s*\"([a-z_]+)\"(.*)}");
  private static final Pattern READ =
      Pattern.compile("\\b(?:FROM|JOIN)\\s+([a-z_][a-z0-9_]*)(?:\\s+AS\\s+([a-z_][a-z0-9_]*))?");
  private static final Pattern COLUMN_REFERENCE = Pattern.compile("\\b[a-z_]\\w*\\.[a-z_]\\w*");
  private static final Pattern CONSTANT = Pattern.compile("@\\w|'|\\?|\\bCURRENT_TIMESTAMP\\b");

  private PartitionFilters() {}

  /**
   * Table => partition column of every table created with {@code require_partition_filter = true}:
   * the warehouse tables of catalog.tf, and the raw events table of the bigquery module.
   */
  public static Map<String, String> required() {
    Map<String, String> required = new LinkedHashMap<>();
    partitionColumns(true).forEach(required::put);
    String bigquery = read(ROOT.resolve("terraform/modules/bigquery/main.tf"));
    String raw =
        bigquery.substring(bigquery.indexOf("resource \"google_bigquery_table\" \"events_raw\""));
    raw = raw.substring(0, raw.indexOf("\n}\n"));
    if (raw.contains("require_partition_filter = true")) {
      Matcher field = Pattern.compile("field\\s*=\\s*\"([a-z_]+)\"").matcher(raw);
      if (!field.find()) {
        throw new IllegalStateException("events_raw has no partition field");
      }
      required.put("events_raw", field.group(1));
    }
    return required;
  }

  /** Table => partition column of every warehouse table of catalog.tf. */
  public static Map<String, String> partitionColumns() {
    return partitionColumns(false);
  }

  private static Map<String, String> partitionColumns(boolean onlyRequired) {
    String catalog = read(ROOT.resolve("terraform/modules/platform/catalog.tf"));
    Map<String, String> columns = new LinkedHashMap<>();
    Matcher table = CATALOG_TABLE.matcher(catalog);
    while (table.find()) {
      if (!onlyRequired || table.group(3).contains("require_partition_filter = true")) {
        columns.put(table.group(1), table.group(2));
      }
    }
    return columns;
  }

  /**
   * The reads of {@code required} tables in {@code sql} without a filter on their partition column,
   * each as {@code table: alias.column}; empty when every read has its filter.
   */
  public static List<String> unfiltered(String sql, Map<String, String> required) {
    String code = sql.replaceAll("--[^\\n]*", "").replaceAll("'[^']*'", "''");
    Map<String, Integer> reads = new LinkedHashMap<>();
    Matcher read = READ.matcher(code);
    while (read.find()) {
      String column = required.get(read.group(1));
      if (column != null) {
        String qualified = (read.group(2) == null ? "" : read.group(2) + ".") + column;
        reads.merge(read.group(1) + ": " + qualified, 1, Integer::sum);
      }
    }
    List<String> unfiltered = new ArrayList<>();
    reads.forEach(
        (tableAndColumn, count) -> {
          String qualified = tableAndColumn.substring(tableAndColumn.indexOf(": ") + 2);
          if (constantComparisons(code, qualified) < count) {
            unfiltered.add(tableAndColumn);
          }
        });
    return unfiltered;
  }

  private static int constantComparisons(String sql, String qualifiedColumn) {
    Matcher comparison =
        Pattern.compile(
                "(?<![\\w.])"
                    + Pattern.quote(qualifiedColumn)
                    + "\\s*(?:>=|<=|>|<|=|\\bBETWEEN\\b)\\s*([^\\n]*)")
            .matcher(sql);
    int found = 0;
    while (comparison.find()) {
      String operand = comparison.group(1).split("\\b(?:AND|OR)\\b|\\bQUALIFY\\b")[0];
      if (CONSTANT.matcher(operand).find() && !COLUMN_REFERENCE.matcher(operand).find()) {
        found++;
      }
    }
    return found;
  }

  /** A file of the repository, by its path from the root. */
  public static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The SQL files the warehouse runs on BigQuery: the dashboard views and the events append. */
  public static Map<Path, String> warehouseSqlFiles() {
    Map<Path, String> files = new LinkedHashMap<>();
    for (String dir : List.of("bigquery/views", "bigquery/landing")) {
      try (var listing = Files.list(ROOT.resolve(dir))) {
        listing
            .filter(p -> p.toString().endsWith(".sql"))
            .sorted()
            .forEach(p -> files.put(p, read(p)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }
}
