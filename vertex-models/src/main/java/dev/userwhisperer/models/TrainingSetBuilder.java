package dev.userwhisperer.models;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Builds point-in-time-correct rows from a purchase log: the features of a customer at cutoff
 * {@code t} read only purchases at or before {@code t}, the label only purchases in {@code (t, t +
 * horizon]}. Customers whose first purchase is after {@code t} do not exist yet and get no row.
 */
public final class TrainingSetBuilder {
  private static final double SECONDS_PER_DAY = 86_400.0;
  private static final double DAYS_PER_WEEK = 7.0;

  private final Duration horizon;

  /**
   * @throws IllegalArgumentException unless the horizon is positive
   */
  public TrainingSetBuilder(Duration horizon) {
    if (horizon.isNegative() || horizon.isZero()) {
      throw new IllegalArgumentException("horizon must be positive: " + horizon);
    }
    this.horizon = horizon;
  }

  /** Rows for every customer with a purchase at or before {@code cutoff}, sorted by customer id. */
  public List<LabeledCustomer> build(Collection<Purchase> log, Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    Instant horizonEnd = cutoff.plus(horizon);
    Map<String, List<Purchase>> byCustomer =
        log.stream()
            .collect(
                Collectors.groupingBy(Purchase::customerId, TreeMap::new, Collectors.toList()));
    List<LabeledCustomer> rows = new ArrayList<>();
    byCustomer.forEach(
        (customerId, purchases) -> {
          List<Occasion> past =
              occasions(purchases.stream().filter(p -> !p.time().isAfter(cutoff)).toList());
          if (past.isEmpty()) {
            return;
          }
          int future =
              occasions(
                      purchases.stream()
                          .filter(p -> p.time().isAfter(cutoff) && !p.time().isAfter(horizonEnd))
                          .toList())
                  .size();
          rows.add(new LabeledCustomer(features(customerId, past, cutoff), future == 0, future));
        });
    return rows;
  }

  /** Features as of {@code cutoff} of every customer known then, sorted by customer id. */
  public List<CustomerFeatures> features(Collection<Purchase> log, Instant cutoff) {
    return build(log, cutoff).stream().map(LabeledCustomer::features).toList();
  }

  private static CustomerFeatures features(String customerId, List<Occasion> occasions, Instant t) {
    Occasion first = occasions.get(0);
    Occasion last = occasions.get(occasions.size() - 1);
    double valueSum = 0;
    int quantitySum = 0;
    double value13 = 0;
    int last4 = 0;
    int last13 = 0;
    int last26 = 0;
    for (Occasion o : occasions) {
      valueSum += o.value();
      quantitySum += o.quantity();
      double age = days(o.time(), t);
      if (age < 4 * DAYS_PER_WEEK) {
        last4++;
      }
      if (age < 13 * DAYS_PER_WEEK) {
        last13++;
        value13 += o.value();
      }
      if (age < 26 * DAYS_PER_WEEK) {
        last26++;
      }
    }
    int gaps = occasions.size() - 1;
    double gapMean = Double.NaN;
    double gapStd = Double.NaN;
    double gapMax = Double.NaN;
    if (gaps > 0) {
      double sum = 0;
      double sumSq = 0;
      gapMax = 0;
      for (int i = 1; i < occasions.size(); i++) {
        double gap = days(occasions.get(i - 1).time(), occasions.get(i).time());
        sum += gap;
        sumSq += gap * gap;
        gapMax = Math.max(gapMax, gap);
      }
      gapMean = sum / gaps;
      gapStd = Math.sqrt(Math.max(0, sumSq / gaps - gapMean * gapMean));
    }
    double daysSinceFirst = days(first.time(), t);
    return new CustomerFeatures(
        customerId,
        gaps,
        days(first.time(), last.time()) / DAYS_PER_WEEK,
        daysSinceFirst / DAYS_PER_WEEK,
        daysSinceFirst,
        days(last.time(), t),
        valueSum,
        valueSum / occasions.size(),
        first.value(),
        quantitySum,
        last4,
        last13,
        last26,
        value13,
        gapMean,
        gapStd,
        gapMax);
  }

  /**
   * Purchases grouped into one occasion per UTC day, at the day's earliest purchase, in time order.
   */
  private static List<Occasion> occasions(List<Purchase> purchases) {
    Map<LocalDate, Occasion> byDay = new TreeMap<>();
    for (Purchase p : purchases) {
      byDay.merge(
          LocalDate.ofInstant(p.time(), ZoneOffset.UTC),
          new Occasion(p.time(), p.value(), p.quantity()),
          Occasion::merge);
    }
    return byDay.values().stream().sorted(Comparator.comparing(Occasion::time)).toList();
  }

  private static double days(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0 / SECONDS_PER_DAY;
  }

  private record Occasion(Instant time, double value, int quantity) {
    Occasion merge(Occasion other) {
      Instant earliest = time.isBefore(other.time) ? time : other.time;
      return new Occasion(earliest, value + other.value, quantity + other.quantity);
    }
  }
}
