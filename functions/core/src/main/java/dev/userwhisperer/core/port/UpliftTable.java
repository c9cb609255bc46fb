package dev.userwhisperer.core.port;

import dev.userwhisperer.core.learn.UpliftRefresh;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcomes the uplift model learns from: one {@link UpliftCell} per app, intervention and
 * lifecycle stage, counting only decisions whose attribution window had closed by {@code
 * computedAt}. Made by {@link UpliftRefresh} from the warehouse view {@code uplift_outcomes}.
 *
 * @param computedAt when the table was computed
 * @param cells at most one per {@link UpliftCell#key()}
 */
public record UpliftTable(Instant computedAt, List<UpliftCell> cells) {
  /**
   * The attribution window: a decision's user is retained when they are active within this long
   * after it. The view {@code bigquery/views/uplift_outcomes.sql} holds the same 14 days.
   */
  public static final Duration WINDOW = Duration.ofDays(14);

  public static final UpliftTable EMPTY = new UpliftTable(Instant.EPOCH, List.of());

  public UpliftTable {
    Objects.requireNonNull(computedAt, "computedAt");
    cells = List.copyOf(cells);
    Map<UpliftCell.Key, UpliftCell> seen = new LinkedHashMap<>();
    for (UpliftCell cell : cells) {
      if (seen.put(cell.key(), cell) != null) {
        throw new IllegalArgumentException("two cells for " + cell.key());
      }
    }
  }

  /**
   * The last UTC day whose decisions have all had their whole window by {@code at}: a decision of
   * day D ends its window before the start of day D + 15.
   */
  public static LocalDate lastClosedDecisionDate(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC).minusDays(WINDOW.toDays() + 1);
  }

  /** The cells by key. */
  public Map<UpliftCell.Key, UpliftCell> byKey() {
    Map<UpliftCell.Key, UpliftCell> index = new LinkedHashMap<>();
    cells.forEach(c -> index.put(c.key(), c));
    return index;
  }

  /** This table's cells of one app, with its {@code computedAt}. */
  public UpliftTable forApp(String appId) {
    return new UpliftTable(
        computedAt, cells.stream().filter(c -> c.appId().equals(appId)).toList());
  }

  /** The app ids that have cells, in order of first appearance. */
  public List<String> appIds() {
    return cells.stream().map(UpliftCell::appId).distinct().toList();
  }

  /**
   * Tables of distinct apps (as a store keeps them) as one; {@code computedAt} is the latest.
   *
   * @throws IllegalArgumentException if two tables hold the same cell
   */
  public static UpliftTable merge(List<UpliftTable> tables) {
    List<UpliftCell> cells = new ArrayList<>();
    tables.forEach(t -> cells.addAll(t.cells()));
    Instant latest =
        tables.stream()
            .map(UpliftTable::computedAt)
            .max(Comparator.naturalOrder())
            .orElse(Instant.EPOCH);
    return new UpliftTable(latest, cells);
  }
}
