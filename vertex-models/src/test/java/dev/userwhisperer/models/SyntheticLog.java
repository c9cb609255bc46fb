package dev.userwhisperer.models;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Purchase logs of a made-up shop: each customer buys at their own Poisson rate from a first
 * purchase in the first 60 days until a hidden dropout time, so recency carries the churn signal.
 */
final class SyntheticLog {
  static final Instant START = Instant.parse("2020-01-01T00:00:00Z");
  static final Instant CUTOFF = START.plus(Duration.ofDays(200));
  static final Duration HORIZON = Duration.ofDays(120);

  private SyntheticLog() {}

  static List<Purchase> generate(int customers, long seed) {
    Random random = new Random(seed);
    List<Purchase> log = new ArrayList<>();
    for (int c = 0; c < customers; c++) {
      String id = "c" + c;
      double day = random.nextDouble() * 60;
      double ratePerDay = 0.01 + random.nextDouble() * 0.15;
      double dropout = day + -Math.log(1 - random.nextDouble()) * 250;
      while (day < Math.min(dropout, 400)) {
        log.add(
            new Purchase(
                id,
                START.plusSeconds((long) (day * 86_400)),
                Math.round(5 + random.nextDouble() * 50) / 1.0,
                1 + random.nextInt(3)));
        day += -Math.log(1 - random.nextDouble()) / ratePerDay;
      }
    }
    return log;
  }
}
