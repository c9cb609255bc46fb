package dev.userwhisperer.models.churn;

import dev.userwhisperer.models.PlatformExample;
import dev.userwhisperer.models.WarehouseEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The learn job's churn training set built on a generated warehouse, alternately the way it was
 * (every user folded from scratch at each cutoff) and by {@link ChurnTrainingSet} (folded once),
 * printing each run's CPU time. Arguments: users, days, events per day of a user's life, rounds,
 * whether some users repeat message ids (default: 2000 60 4 4 false).
 */
public final class ChurnTrainingSetBench {
  private ChurnTrainingSetBench() {}

  public static void main(String[] args) {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    double perDay = args.length > 2 ? Double.parseDouble(args[2]) : 4;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    boolean repeatIds = args.length > 4 && Boolean.parseBoolean(args[4]);
    List<WarehouseEvent> events = ChurnHistories.history(users, days, perDay, repeatIds, 1);
    List<Instant> cutoffs =
        ChurnHistories.cutoffs(ChurnHistories.START.plus(Duration.ofDays(days)));
    System.out.printf(Locale.ROOT, "%d users, %d days, %d events%n", users, days, events.size());
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    ChurnTrainingSet once = new ChurnTrainingSet(ChurnHistories.FEATURES);
    for (int r = 0; r < rounds; r++) {
      long t0 = cpu.getCurrentThreadCpuTime();
      List<List<PlatformExample>> before = new ArrayList<>();
      for (Instant cutoff : cutoffs) {
        before.add(ChurnHistories.fromScratch(events, cutoff));
      }
      long t1 = cpu.getCurrentThreadCpuTime();
      List<List<PlatformExample>> after = once.rows(events, List.of(), cutoffs);
      long t2 = cpu.getCurrentThreadCpuTime();
      if (!after.equals(before)) {
        throw new IllegalStateException("the rows differ");
      }
      System.out.printf(
          Locale.ROOT,
          "round %d: from scratch %.2f s CPU, folded once %.2f s CPU (%d rows)%n",
          r,
          (t1 - t0) / 1e9,
          (t2 - t1) / 1e9,
          after.stream().mapToInt(List::size).sum());
    }
  }
}
