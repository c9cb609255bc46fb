package dev.userwhisperer.models.uplift;

import dev.userwhisperer.models.CliOptions;
import dev.userwhisperer.models.Progress;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code uplift} command line: progress on stderr, results on stdout, exit code 0 on success, 1
 * when the data or model cannot be used (with the reason), 2 on a usage error.
 *
 * <ul>
 *   <li>{@code train --csv FILE --treatment COL --outcome COL [--features a,b,c] [--propensity COL]
 *       [--learner t-learner|x-learner|dr-learner] [--holdout 0.3] [--bootstrap 200] --out DIR}
 *   <li>{@code score --model DIR --csv FILE --out scores.csv}: header {@code row_index,score}, one
 *       line per data row of the input in its order, row_index counting data rows from 0
 *   <li>{@code synthetic [--rows 6000] [--seed 1] [--effect 0.3] [--varying-propensity true|false]
 *       [--bootstrap 200] [--out DIR]}: every learner against random and the oracle on a campaign
 *       with a known effect
 * </ul>
 */
public final class UpliftCli {
  private static final int SCORE_BATCH = 10_000;
  private static final String USAGE =
      """
      usage: train --csv FILE --treatment COL --outcome COL [--features a,b,c (default all other\
       columns)] [--propensity COL (default the file's treated share)] [--learner\
       t-learner|x-learner|dr-learner (default x-learner)] [--holdout 0.3] [--bootstrap 200]\
       --out DIR
             score --model DIR --csv FILE --out scores.csv
             synthetic [--rows 6000] [--seed 1] [--effect 0.3] [--varying-propensity false]\
       [--bootstrap 200] [--out DIR]""";

  private UpliftCli() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    String command = args.length == 0 ? "" : args[0];
    Set<String> known =
        switch (command) {
          case "train" ->
              Set.of(
                  "--csv",
                  "--treatment",
                  "--outcome",
                  "--features",
                  "--propensity",
                  "--learner",
                  "--holdout",
                  "--bootstrap",
                  "--out");
          case "score" -> Set.of("--model", "--csv", "--out");
          case "synthetic" ->
              Set.of(
                  "--rows", "--seed", "--effect", "--varying-propensity", "--bootstrap", "--out");
          default -> null;
        };
    if (known == null) {
      err.println(USAGE);
      return 2;
    }
    Map<String, String> options = CliOptions.parse(args, known, USAGE, err);
    if (options == null) {
      return 2;
    }
    List<String> required =
        switch (command) {
          case "train" -> List.of("--csv", "--treatment", "--outcome", "--out");
          case "score" -> List.of("--model", "--csv", "--out");
          default -> List.of();
        };
    for (String option : required) {
      if (!options.containsKey(option)) {
        err.println(command + " needs " + option + "\n" + USAGE);
        return 2;
      }
    }
    try {
      return switch (command) {
        case "train" -> train(options, out, err);
        case "score" -> score(options, out, err);
        default -> synthetic(options, out, err);
      };
    } catch (InvalidCampaignException e) {
      err.println();
      err.println("error: " + e.getMessage());
      return 1;
    } catch (UncheckedIOException e) {
      err.println();
      err.println("error: cannot read or write " + e.getCause().getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("invalid option: " + e.getMessage() + "\n" + USAGE);
      return 2;
    }
  }

  private static int train(Map<String, String> o, PrintStream out, PrintStream err)
      throws Exception {
    UpliftTraining.Settings settings =
        new UpliftTraining.Settings(
            o.get("--treatment"),
            o.get("--outcome"),
            Optional.ofNullable(o.get("--propensity")),
            Optional.ofNullable(o.get("--features"))
                .map(f -> Arrays.stream(f.split(",")).map(String::trim).toList()),
            UpliftLearner.parse(o.getOrDefault("--learner", UpliftLearner.X.id())),
            Double.parseDouble(o.getOrDefault("--holdout", "0.3")),
            Integer.parseInt(o.getOrDefault("--bootstrap", "200")));
    Path output = Path.of(o.get("--out"));
    long started = System.nanoTime();
    err.println("reading " + o.get("--csv"));
    CampaignTable table = CampaignTable.read(Path.of(o.get("--csv")));
    UpliftTraining.Result result =
        new UpliftTraining(
                new UpliftTrainer(UpliftTrainer.DEFAULT_CONFIG),
                new Progress(err),
                Clock.systemUTC())
            .run(table, settings, output);
    out.print(UpliftReport.resultsTable(List.of(result.evaluation())));
    out.printf(
        Locale.ROOT,
        "%nuplift model %s (%s): %d rows trained on, %d held out, ATE %+.4f, in %.1f s%n"
            + "written to %s%n",
        result.version(),
        result.model().learner().id(),
        result.training().size(),
        result.evaluation().rows(),
        result.evaluation().ate(),
        (System.nanoTime() - started) / 1e9,
        output.toAbsolutePath().normalize());
    return 0;
  }

  private static int score(Map<String, String> o, PrintStream out, PrintStream err)
      throws Exception {
    UpliftScorer scorer = UpliftModelFiles.load(Path.of(o.get("--model")));
    err.println("reading " + o.get("--csv"));
    CampaignTable table = CampaignTable.read(Path.of(o.get("--csv")));
    float[][] rows = scorer.encoding().encode(table);
    Path output = Path.of(o.get("--out"));
    Progress progress = new Progress(err);
    progress.start("scoring", rows.length);
    try (BufferedWriter writer = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      writer.write("row_index,score\n");
      for (int from = 0; from < rows.length; from += SCORE_BATCH) {
        int to = Math.min(rows.length, from + SCORE_BATCH);
        double[] scores = scorer.score(Arrays.copyOfRange(rows, from, to));
        for (int i = 0; i < scores.length; i++) {
          writer.write(String.format(Locale.ROOT, "%d,%.6f%n", from + i, scores[i]));
        }
        progress.update(to, to + " rows");
      }
    } catch (IOException e) {
      throw new InvalidCampaignException("cannot write " + output + ": " + e.getMessage());
    }
    progress.done(rows.length + " rows");
    out.printf(
        Locale.ROOT,
        "%d rows scored by uplift model %s (%s), written to %s%n",
        rows.length,
        scorer.version(),
        scorer.model().learner().id(),
        output.toAbsolutePath().normalize());
    return 0;
  }

  private static int synthetic(Map<String, String> o, PrintStream out, PrintStream err)
      throws Exception {
    int rows = Integer.parseInt(o.getOrDefault("--rows", "6000"));
    long seed = Long.parseLong(o.getOrDefault("--seed", "1"));
    double effect =
        Double.parseDouble(
            o.getOrDefault("--effect", String.valueOf(SyntheticCampaign.DEFAULT_EFFECT)));
    boolean varying = Boolean.parseBoolean(o.getOrDefault("--varying-propensity", "false"));
    int resamples = Integer.parseInt(o.getOrDefault("--bootstrap", "200"));
    SyntheticComparison.Result result =
        new SyntheticComparison(new UpliftTrainer(UpliftTrainer.DEFAULT_CONFIG), new Progress(err))
            .run(
                SyntheticCampaign.generate(rows, seed, effect, varying),
                1.0 / 3,
                resamples,
                Optional.ofNullable(o.get("--out")).map(Path::of));
    out.print(SyntheticComparison.summary(result));
    if (o.containsKey("--out")) {
      out.println(
          "\nwritten to "
              + Path.of(o.get("--out")).toAbsolutePath().normalize()
              + " (campaign.csv, COMPARISON.md, qini.png)");
    }
    return 0;
  }
}
