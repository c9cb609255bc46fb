package dev.userwhisperer.models;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * Command line: {@code cdnow [--data DIR] [--out DIR]} trains, evaluates and exports the CDNOW
 * churn model, drawing progress on stderr and printing the results table on stdout. Relative paths
 * resolve against the working directory (the repository root under {@code ./mvnw}).
 */
public final class ChurnModelCli {
  static final String DEFAULT_DATA = "../shared/data/cdnow";
  static final String DEFAULT_OUT = "vertex-models/target/cdnow-model";
  private static final String USAGE =
      "usage: cdnow [--data DIR (default "
          + DEFAULT_DATA
          + ")] [--out DIR (default "
          + DEFAULT_OUT
          + ")]";

  private ChurnModelCli() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    if (args.length == 0 || !args[0].equals("cdnow")) {
      err.println(USAGE);
      return 2;
    }
    Path data = Path.of(DEFAULT_DATA);
    Path output = Path.of(DEFAULT_OUT);
    for (int i = 1; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        err.println("missing value after " + args[i] + "\n" + USAGE);
        return 2;
      }
      switch (args[i]) {
        case "--data" -> data = Path.of(args[i + 1]);
        case "--out" -> output = Path.of(args[i + 1]);
        default -> {
          err.println("unknown option " + args[i] + "\n" + USAGE);
          return 2;
        }
      }
    }
    CdnowData cdnow;
    try {
      cdnow = CdnowData.read(data);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 1;
    }
    long started = System.nanoTime();
    CdnowBenchmark.Result result =
        new CdnowBenchmark(TrainingConfig.DEFAULT, new Progress(err), Clock.systemUTC())
            .run(cdnow, output);
    double seconds = (System.nanoTime() - started) / 1e9;
    out.print(
        ModelCard.resultsTable(
            List.of(result.xgboost(), result.bgNbd(), result.bgNbdNoPurchase())));
    out.printf(
        Locale.ROOT,
        "%nROC AUC gain over BG/NBD P(no purchase): %+.3f, 95%% bootstrap interval [%+.3f,"
            + " %+.3f]%n",
        result.aucGainOverBgNbd().estimate(),
        result.aucGainOverBgNbd().lower(),
        result.aucGainOverBgNbd().upper());
    out.printf(
        Locale.ROOT,
        "model %s: %d rounds, trained on %d customers, evaluated on %d, in %.1f s%nwritten to %s%n",
        result.modelVersion(),
        result.model().rounds(),
        result.trainingCustomers(),
        result.xgboost().rows(),
        seconds,
        output.toAbsolutePath().normalize());
    return 0;
  }
}
