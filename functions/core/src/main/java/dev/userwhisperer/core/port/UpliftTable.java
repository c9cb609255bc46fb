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
import java.util.stream.Stream;

/**
 * The outcomes the uplift model learns from: one {@link UpliftCell} per app, intervention and
 * lifecycle stage, counting only decisions whose attribution window had closed by {@code
 * computedAt}. Made by {@link UpliftRefresh} from the warehouse view {@code uplift_outcomes}.
 *
 * @param computedAt when the table was computed
 * @param cells at most one per {@link UpliftCell#key()}
 * @param spreads per app, how its users' own readings of what messages do to them are spread
 *     ({@link EffectSpread}), for apps with enough of them; none in a table stored before they were
 *     kept
 */
public record UpliftTable(
    Instant computedAt, List<UpliftCell> cells, Map<String, EffectSpread> spreads) {
  /**
   * The attribution window: a decision's user is retained when they are active in its second week
   * (days 8 to 14 after it), and converted when they subscribe within it. The view {@code
   * bigquery/views/uplift_outcomes.sql} holds the same 14 days.
   */
  public static final Duration WINDOW = Duration.ofDays(14);

  public static final UpliftTable EMPTY = new UpliftTable(Instant.EPOCH, List.of());

  public UpliftTable {
    Objects.requireNonNull(computedAt, "computedAt");
    cells = List.copyOf(cells);
    spreads = spreads == null ? Map.of() : Map.copyOf(spreads);
    Map<UpliftCell.Key, UpliftCell> seen = new LinkedHashMap<>();
    for (UpliftCell cell : cells) {
      if (seen.put(cell.key(), cell) != null) {
        throw new IllegalArgumentException("two cells for " + cell.key());
      }
    }
  }

  public UpliftTable(Instant computedAt, List<UpliftCell> cells) {
    this(computedAt, cells, Map.of());
  }

  /** The app's spread of per-user readings, {@link EffectSpread#ASSUMED} until it has its own. */
  public EffectSpread spread(String appId) {
    return spreads.getOrDefault(appId, EffectSpread.ASSUMED);
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

  /** This table's cells and spread of one app, with its {@code computedAt}. */
  public UpliftTable forApp(String appId) {
    return new UpliftTable(
        computedAt,
        cells.stream().filter(c -> c.appId().equals(appId)).toList(),
        spreads.containsKey(appId) ? Map.of(appId, spreads.get(appId)) : Map.of());
  }

  /** The app ids that have cells or a spread: those with cells in order of first appearance. */
  public List<String> appIds() {
    return Stream.concat(cells.stream().map(UpliftCell::appId), spreads.keySet().stream().sorted())
        .distinct()
        .toList();
  }

  /**
   * Tables of distinct apps (as a store keeps them) as one; {@code computedAt} is the latest.
   *
   * @throws IllegalArgumentException if two tables hold the same cell
   */
  public static UpliftTable merge(List<UpliftTable> tables) {
    List<UpliftCell> cells = new ArrayList<>();
    Map<String, EffectSpread> spreads = new LinkedHashMap<>();
    for (UpliftTable t : tables) {
      cells.addAll(t.cells());
      t.spreads()
          .forEach(
              (app, spread) -> {
                if (spreads.put(app, spread) != null) {
                  throw new IllegalArgumentException("two spreads for " + app);
                }
              });
    }
    Instant latest =
        tables.stream()
            .map(UpliftTable::computedAt)
            .max(Comparator.naturalOrder())
            .orElse(Instant.EPOCH);
    return new UpliftTable(latest, cells, spreads);
  }
}
