package dev.userwhisperer.models.uplift;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A randomized campaign whose per-row effect is known, for tests and for the {@code synthetic}
 * command. Features x1..x6 are uniform on [−1, 1] and {@code plan} is free, pro or team; the hidden
 * type follows x1 and x2 (a fifth of the rows each):
 *
 * <table>
 *   <caption>types</caption>
 *   <tr><th>type</th><th>where</th><th>P(converted | control)</th><th>effect of treating</th></tr>
 *   <tr><td>persuadable</td><td>x1 &gt; 0.2, x2 &gt; 0</td><td>0.20 + 0.1·x3</td><td>+E</td></tr>
 *   <tr><td>sure thing</td><td>x1 &gt; 0.2, x2 ≤ 0</td><td>0.80 + 0.1·x3</td><td>0</td></tr>
 *   <tr><td>lost cause</td><td>x1 &lt; −0.2, x2 ≥ 0</td><td>0.10 + 0.05·x3</td><td>0</td></tr>
 *   <tr><td>sleeping dog</td><td>x1 &lt; −0.2, x2 &lt; 0</td><td>0.50 + 0.1·x3</td><td>−E</td></tr>
 *   <tr><td>indifferent</td><td>|x1| ≤ 0.2</td><td>0.40</td><td>+E/6·x2</td></tr>
 * </table>
 *
 * {@code plan} pro adds 0.05 to every probability; x4..x6 are noise; E is 0.3 unless given. So the
 * average effect is close to zero while two fifths of the rows have an effect of ±E: targeting by
 * the average is useless, targeting by the per-row effect is not. Treatment is drawn with
 * probability 1/2, or, with a varying propensity, 0.3 where x5 &gt; 0 and 0.7 elsewhere (column
 * {@code propensity}).
 */
public record SyntheticCampaign(
    CampaignTable table, double effect, double[] trueEffect, List<String> type) {
  public static final String TREATMENT = "treated";
  public static final String OUTCOME = "converted";
  public static final String PROPENSITY = "propensity";
  private static final String[] PLANS = {"free", "pro", "team"};

  public SyntheticCampaign {
    type = List.copyOf(type);
  }

  public static final double DEFAULT_EFFECT = 0.3;

  public static SyntheticCampaign generate(int rows, long seed, boolean varyingPropensity) {
    return generate(rows, seed, DEFAULT_EFFECT, varyingPropensity);
  }

  /**
   * @param effect E, the effect on persuadables (+E) and sleeping dogs (−E), in [0, 0.3]
   */
  public static SyntheticCampaign generate(
      int rows, long seed, double effect, boolean varyingPropensity) {
    if (!(effect >= 0 && effect <= 0.3)) {
      throw new IllegalArgumentException("effect must be in [0, 0.3], got " + effect);
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<String> header = new ArrayList<>(List.of("x1", "x2", "x3", "x4", "x5", "x6", "plan"));
    header.add(TREATMENT);
    header.add(OUTCOME);
    if (varyingPropensity) {
      header.add(PROPENSITY);
    }
    List<String[]> data = new ArrayList<>();
    double[] trueEffects = new double[rows];
    List<String> types = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      double[] x = new double[6];
      for (int j = 0; j < x.length; j++) {
        x[j] = random.nextDouble(-1, 1);
      }
      String plan = PLANS[random.nextInt(PLANS.length)];
      double base;
      double tau;
      String kind;
      if (x[0] > 0.2 && x[1] > 0) {
        kind = "persuadable";
        base = 0.20 + 0.1 * x[2];
        tau = effect;
      } else if (x[0] > 0.2) {
        kind = "sure thing";
        base = 0.80 + 0.1 * x[2];
        tau = 0;
      } else if (x[0] < -0.2 && x[1] >= 0) {
        kind = "lost cause";
        base = 0.10 + 0.05 * x[2];
        tau = 0;
      } else if (x[0] < -0.2) {
        kind = "sleeping dog";
        base = 0.50 + 0.1 * x[2];
        tau = -effect;
      } else {
        kind = "indifferent";
        base = 0.40;
        tau = effect / 6 * x[1];
      }
      base += plan.equals("pro") ? 0.05 : 0;
      double control = clamp(base);
      double treatedP = clamp(base + tau);
      double propensity = varyingPropensity ? (x[4] > 0 ? 0.3 : 0.7) : 0.5;
      boolean treated = random.nextDouble() < propensity;
      boolean converted = random.nextDouble() < (treated ? treatedP : control);
      trueEffects[r] = treatedP - control;
      types.add(kind);
      List<String> row = new ArrayList<>();
      for (double v : x) {
        row.add(String.format(Locale.ROOT, "%.4f", v));
      }
      row.add(plan);
      row.add(treated ? "1" : "0");
      row.add(converted ? "1" : "0");
      if (varyingPropensity) {
        row.add(String.format(Locale.ROOT, "%.2f", propensity));
      }
      data.add(row.toArray(String[]::new));
    }
    return new SyntheticCampaign(
        new CampaignTable(
            String.format(Locale.ROOT, "synthetic(seed %d, effect %.2f)", seed, effect),
            header,
            data),
        effect,
        trueEffects,
        types);
  }

  /** The feature columns a model should learn from (all but treatment, outcome, propensity). */
  public static List<String> featureColumns() {
    return List.of("x1", "x2", "x3", "x4", "x5", "x6", "plan");
  }

  /** The encoding of {@link #featureColumns()} learned from the table. */
  public FeatureEncoding encoding() {
    return FeatureEncoding.fit(table, featureColumns());
  }

  /** The rows through the encoding, with the propensity column when the table has one. */
  public UpliftData data(FeatureEncoding encoding) {
    return UpliftData.from(
        table,
        encoding,
        TREATMENT,
        OUTCOME,
        table.header().contains(PROPENSITY) ? Optional.of(PROPENSITY) : Optional.empty());
  }

  /** Writes the table as CSV; the true effects and types stay hidden. */
  public void writeCsv(Path file) {
    StringBuilder s = new StringBuilder(String.join(",", table.header())).append('\n');
    for (String[] row : table.rows()) {
      s.append(String.join(",", row)).append('\n');
    }
    try {
      Files.writeString(file, s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double clamp(double p) {
    return Math.min(0.98, Math.max(0.02, p));
  }
}
