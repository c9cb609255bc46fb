package dev.userwhisperer.models.uplift;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Randomized campaign rows: features, whether the row was treated, its binary outcome, and the
 * probability it had of being treated (its propensity).
 *
 * @param propensitySource where the propensities come from, for the model card
 */
public record UpliftData(
    float[][] features,
    boolean[] treated,
    boolean[] outcome,
    double[] propensity,
    String propensitySource) {

  /** Rows an arm needs, in the whole file, before a model of it is worth fitting. */
  public static final int MIN_ROWS_PER_ARM = 100;

  public UpliftData {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(propensitySource, "propensitySource");
    if (treated.length != features.length
        || outcome.length != features.length
        || propensity.length != features.length) {
      throw new IllegalArgumentException("features, treatment, outcome, propensity lengths differ");
    }
    for (double p : propensity) {
      if (!(p > 0 && p < 1)) {
        throw new IllegalArgumentException("propensity must be in (0, 1), got " + p);
      }
    }
  }

  /**
   * Reads treatment, outcome and (when a column is named) the propensity from the table, and the
   * features through the encoding. Without a propensity column every row gets the file's treated
   * share, which is the propensity of a randomization with one fixed share.
   *
   * @throws InvalidCampaignException when a column is missing, treatment or outcome is not binary,
   *     an arm has fewer than {@value #MIN_ROWS_PER_ARM} rows, the outcome never varies, or a
   *     propensity is not strictly between 0 and 1
   */
  public static UpliftData from(
      CampaignTable table,
      FeatureEncoding encoding,
      String treatmentColumn,
      String outcomeColumn,
      Optional<String> propensityColumn) {
    boolean[] treated = binary(table, treatmentColumn, "treatment");
    boolean[] outcome = binary(table, outcomeColumn, "outcome");
    int treatedRows = count(treated);
    int controlRows = treated.length - treatedRows;
    if (treatedRows < MIN_ROWS_PER_ARM || controlRows < MIN_ROWS_PER_ARM) {
      throw new InvalidCampaignException(
          String.format(
              Locale.ROOT,
              "treatment column '%s' has %d treated and %d control rows: too few, uplift needs at"
                  + " least %d of each",
              treatmentColumn,
              treatedRows,
              controlRows,
              MIN_ROWS_PER_ARM));
    }
    int positives = count(outcome);
    if (positives == 0 || positives == outcome.length) {
      throw new InvalidCampaignException(
          "outcome column '" + outcomeColumn + "' has the same value in every row");
    }
    double[] propensity = new double[table.size()];
    String source;
    if (propensityColumn.isPresent()) {
      int index = table.column(propensityColumn.get());
      for (int r = 0; r < propensity.length; r++) {
        String value = table.rows().get(r)[index];
        double p;
        try {
          p = Double.parseDouble(value);
        } catch (NumberFormatException e) {
          p = Double.NaN;
        }
        if (!(p > 0 && p < 1)) {
          throw new InvalidCampaignException(
              String.format(
                  Locale.ROOT,
                  "%s data row %d: propensity column '%s' must be a probability strictly between 0"
                      + " and 1, is '%s'",
                  table.source(),
                  r,
                  propensityColumn.get(),
                  value));
        }
        propensity[r] = p;
      }
      source = "column '" + propensityColumn.get() + "'";
    } else {
      double share = (double) treatedRows / treated.length;
      Arrays.fill(propensity, share);
      source = String.format(Locale.ROOT, "the file's treated share, %.4f", share);
    }
    return new UpliftData(encoding.encode(table), treated, outcome, propensity, source);
  }

  public int size() {
    return features.length;
  }

  public int treatedCount() {
    return count(treated);
  }

  /** The rows at the given positions, in that order. */
  public UpliftData rows(int[] positions) {
    float[][] f = new float[positions.length][];
    boolean[] t = new boolean[positions.length];
    boolean[] y = new boolean[positions.length];
    double[] p = new double[positions.length];
    for (int i = 0; i < positions.length; i++) {
      f[i] = features[positions[i]];
      t[i] = treated[positions[i]];
      y[i] = outcome[positions[i]];
      p[i] = propensity[positions[i]];
    }
    return new UpliftData(f, t, y, p, propensitySource);
  }

  /**
   * Each row's inverse-propensity weight within its arm: 1/e for a treated row, 1/(1 − e) for a
   * control row, scaled so that each arm's weights average 1. Weighted so, each arm stands for all
   * the rows, whichever share of them the policy treated (a randomization that treated rows past
   * the uplift gate with a few percent and the others with 95 % leaves the treated arm mostly of
   * the latter).
   *
   * @return the weights, or null when every row of each arm has the same propensity and so the same
   *     weight (the fit is then exactly the unweighted one)
   */
  public float[] armWeights() {
    if (uniformWithinArms()) {
      return null;
    }
    double[] raw = new double[size()];
    double treatedSum = 0;
    double controlSum = 0;
    for (int i = 0; i < raw.length; i++) {
      raw[i] = treated[i] ? 1 / propensity[i] : 1 / (1 - propensity[i]);
      if (treated[i]) {
        treatedSum += raw[i];
      } else {
        controlSum += raw[i];
      }
    }
    int treatedRows = treatedCount();
    int controlRows = raw.length - treatedRows;
    float[] weights = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      weights[i] =
          (float)
              (treated[i] ? raw[i] * treatedRows / treatedSum : raw[i] * controlRows / controlSum);
    }
    return weights;
  }

  private boolean uniformWithinArms() {
    double treatedP = Double.NaN;
    double controlP = Double.NaN;
    for (int i = 0; i < propensity.length; i++) {
      if (treated[i]) {
        if (Double.isNaN(treatedP)) {
          treatedP = propensity[i];
        } else if (treatedP != propensity[i]) {
          return false;
        }
      } else if (Double.isNaN(controlP)) {
        controlP = propensity[i];
      } else if (controlP != propensity[i]) {
        return false;
      }
    }
    return true;
  }

  /** The mean of the rows' propensities. */
  public double meanPropensity() {
    double sum = 0;
    for (double p : propensity) {
      sum += p;
    }
    return sum / propensity.length;
  }

  private static boolean[] binary(CampaignTable table, String column, String role) {
    int index = table.column(column);
    boolean[] values = new boolean[table.size()];
    for (int r = 0; r < values.length; r++) {
      String value = table.rows().get(r)[index].trim().toLowerCase(Locale.ROOT);
      switch (value) {
        case "1", "1.0", "true" -> values[r] = true;
        case "0", "0.0", "false" -> values[r] = false;
        default ->
            throw new InvalidCampaignException(
                String.format(
                    Locale.ROOT,
                    "%s column '%s' must be binary (0/1 or true/false); %s data row %d holds '%s'",
                    role,
                    column,
                    table.source(),
                    r,
                    table.rows().get(r)[index]));
      }
    }
    return values;
  }

  private static int count(boolean[] values) {
    int n = 0;
    for (boolean v : values) {
      n += v ? 1 : 0;
    }
    return n;
  }
}
