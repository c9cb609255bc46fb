package dev.userwhisperer.models;

import com.google.cloud.bigquery.BigQueryOptions;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.models.bigquery.BigQueryEventSource;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Command line, drawing progress on stderr and printing results on stdout; relative paths resolve
 * against the working directory (the repository root under {@code ./mvnw}):
 *
 * <ul>
 *   <li>{@code cdnow [--data DIR] [--out DIR]} trains, evaluates and exports the CDNOW benchmark
 *       model;
 *   <li>{@code warehouse (--duckdb FILE | --bigquery PROJECT.DATASET) --cutoff INSTANT ...} trains
 *       the platform's model on its own feature vector from the warehouse's events table;
 *   <li>{@code cdnow-warehouse [--data DIR] --duckdb FILE} writes the CDNOW log into a DuckDB
 *       events table as a replay through the platform stores it.
 * </ul>
 */
public final class ChurnModelCli {
  static final String DEFAULT_DATA = "../shared/data/cdnow";
  static final String DEFAULT_OUT = "vertex-models/target/cdnow-model";
  static final String DEFAULT_WAREHOUSE_OUT = "vertex-models/target/platform-model";
  private static final String USAGE =
      "usage: cdnow [--data DIR (default "
          + DEFAULT_DATA
          + ")] [--out DIR (default "
          + DEFAULT_OUT
          + ")]\n"
          + "       warehouse (--duckdb FILE | --bigquery PROJECT.DATASET) --cutoff INSTANT [--app ID (default all)]"
          + " [--horizon-days 28] [--target churned|converted]"
          + " [--activity-types a,b (default the ACTIVITY types)] [--holdout 0.2]"
          + " [--out DIR (default "
          + DEFAULT_WAREHOUSE_OUT
          + ")]\n"
          + "       cdnow-warehouse [--data DIR] [--app ID (default demo)] --duckdb FILE";

  private ChurnModelCli() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    if (args.length > 0 && args[0].equals("warehouse")) {
      return warehouse(args, out, err);
    }
    if (args.length > 0 && args[0].equals("cdnow-warehouse")) {
      return cdnowWarehouse(args, out, err);
    }
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

  private static int warehouse(String[] args, PrintStream out, PrintStream err) throws Exception {
    Map<String, String> options =
        options(
            args,
            Set.of(
                "--duckdb",
                "--bigquery",
                "--cutoff",
                "--horizon-days",
                "--app",
                "--target",
                "--activity-types",
                "--holdout",
                "--out"),
            err);
    if (options == null) {
      return 2;
    }
    if (options.containsKey("--duckdb") == options.containsKey("--bigquery")
        || !options.containsKey("--cutoff")) {
      err.println("give --cutoff and one of --duckdb, --bigquery\n" + USAGE);
      return 2;
    }
    WarehouseTraining.Settings settings;
    PointInTimeFeatures builder;
    try {
      Instant cutoff = Instant.parse(options.get("--cutoff"));
      Duration horizon =
          Duration.ofDays(Long.parseLong(options.getOrDefault("--horizon-days", "28")));
      Set<String> activity =
          options.containsKey("--activity-types")
              ? Set.of(options.get("--activity-types").split(","))
              : EventTypes.ACTIVITY;
      builder =
          new PointInTimeFeatures(
              LifecycleThresholds.DEFAULTS,
              horizon,
              activity,
              PointInTimeFeatures.CONVERSION_TYPES);
      String source =
          options.containsKey("--duckdb")
              ? "DuckDB " + Path.of(options.get("--duckdb")).getFileName()
              : "BigQuery " + options.get("--bigquery");
      settings =
          new WarehouseTraining.Settings(
              source,
              Optional.ofNullable(options.get("--app")),
              cutoff,
              WarehouseTraining.Target.valueOf(
                  options.getOrDefault("--target", "churned").toUpperCase(Locale.ROOT)),
              Double.parseDouble(options.getOrDefault("--holdout", "0.2")));
    } catch (RuntimeException e) {
      err.println("invalid option: " + e.getMessage() + "\n" + USAGE);
      return 2;
    }
    WarehouseEventSource source;
    try {
      source =
          options.containsKey("--duckdb")
              ? new DuckDbEventSource(Path.of(options.get("--duckdb")))
              : new BigQueryEventSource(
                  BigQueryOptions.getDefaultInstance().getService(), options.get("--bigquery"));
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 1;
    }
    Path output = Path.of(options.getOrDefault("--out", DEFAULT_WAREHOUSE_OUT));
    long started = System.nanoTime();
    WarehouseTraining.Result result =
        new WarehouseTraining(TrainingConfig.DEFAULT, builder, new Progress(err), Clock.systemUTC())
            .run(source, settings, output);
    double seconds = (System.nanoTime() - started) / 1e9;
    out.print(ModelCard.resultsTable(List.of(result.evaluation())));
    out.printf(
        Locale.ROOT,
        "%nmodel %s %s: %d rounds, %d users (%d train, %d held out), held-out positive rate %.3f,"
            + " in %.1f s%nwritten to %s%n",
        result.modelName(),
        result.modelVersion(),
        result.model().rounds(),
        result.users(),
        result.trainingUsers(),
        result.evaluation().rows(),
        result.evaluation().positiveRate(),
        seconds,
        output.toAbsolutePath().normalize());
    return 0;
  }

  private static int cdnowWarehouse(String[] args, PrintStream out, PrintStream err) {
    Map<String, String> options = options(args, Set.of("--data", "--app", "--duckdb"), err);
    if (options == null) {
      return 2;
    }
    if (!options.containsKey("--duckdb")) {
      err.println("give --duckdb FILE\n" + USAGE);
      return 2;
    }
    Path master =
        Path.of(options.getOrDefault("--data", DEFAULT_DATA)).resolve(CdnowData.MASTER_FILE);
    if (!Files.isRegularFile(master)) {
      err.println(
          "CDNOW data not found: " + master.toAbsolutePath().normalize() + " (pass --data DIR)");
      return 1;
    }
    Path file = Path.of(options.get("--duckdb"));
    int events =
        CdnowWarehouse.write(
            master, options.getOrDefault("--app", "demo"), file, Clock.systemUTC().instant());
    out.printf(Locale.ROOT, "%d events written to %s%n", events, file.toAbsolutePath().normalize());
    return 0;
  }

  private static Map<String, String> options(String[] args, Set<String> known, PrintStream err) {
    return CliOptions.parse(args, known, USAGE, err);
  }
}
