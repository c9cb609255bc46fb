package dev.userwhisperer.models.uplift;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the columns of a campaign export become the model's feature vector: a numeric column is one
 * feature (missing = NaN); a text column with at most {@value #MAX_LEVELS} distinct values becomes
 * one 0/1 feature per value seen in training, named {@code column=value} (a value unseen in
 * training, or a missing one, sets none of them). A text column with more values (an id, an e-mail
 * address) is rejected: it names the rows instead of describing them.
 */
public record FeatureEncoding(List<Feature> features) {
  public static final int MAX_LEVELS = 20;

  /** One model input: a numeric column, or one value of a text column. */
  public record Feature(String name, String column, String level) {
    public Feature {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(column, "column");
    }

    public boolean oneHot() {
      return level != null;
    }

    static Feature numeric(String column) {
      return new Feature(column, column, null);
    }

    static Feature oneHot(String column, String level) {
      return new Feature(column + "=" + level, column, level);
    }
  }

  public FeatureEncoding {
    features = List.copyOf(features);
    if (features.isEmpty()) {
      throw new InvalidCampaignException("no feature columns left to learn from");
    }
  }

  /**
   * Learns the encoding of {@code columns} from the table's values.
   *
   * @throws InvalidCampaignException when a text column has more than {@value #MAX_LEVELS} values
   */
  public static FeatureEncoding fit(CampaignTable table, List<String> columns) {
    List<Feature> features = new ArrayList<>();
    for (String column : columns) {
      int index = table.column(column);
      Set<String> levels = new TreeSet<>();
      boolean text = false;
      for (String[] row : table.rows()) {
        String value = row[index];
        if (CampaignTable.missing(value)) {
          continue;
        }
        if (!text && !isNumber(value)) {
          text = true;
        }
        if (levels.size() <= MAX_LEVELS) {
          levels.add(value);
        }
      }
      if (!text) {
        features.add(Feature.numeric(column));
      } else if (levels.size() > MAX_LEVELS) {
        throw new InvalidCampaignException(
            String.format(
                Locale.ROOT,
                "column '%s' is text with more than %d distinct values, too many to one-hot encode"
                    + " (an id?): leave it out by listing the feature columns with --features",
                column,
                MAX_LEVELS));
      } else {
        levels.forEach(level -> features.add(Feature.oneHot(column, level)));
      }
    }
    return new FeatureEncoding(features);
  }

  public List<String> names() {
    return features.stream().map(Feature::name).toList();
  }

  /** The columns of the export the encoding reads, in first-use order. */
  public List<String> columns() {
    return features.stream().map(Feature::column).distinct().toList();
  }

  /**
   * The feature rows of the table, in its row order.
   *
   * @throws InvalidCampaignException when a column is missing or a numeric one holds text
   */
  public float[][] encode(CampaignTable table) {
    Map<String, Integer> index = new LinkedHashMap<>();
    for (String column : columns()) {
      index.put(column, table.column(column));
    }
    float[][] rows = new float[table.size()][features.size()];
    for (int r = 0; r < table.size(); r++) {
      String[] row = table.rows().get(r);
      for (int f = 0; f < features.size(); f++) {
        Feature feature = features.get(f);
        String value = row[index.get(feature.column())];
        if (feature.oneHot()) {
          rows[r][f] = value.equals(feature.level()) ? 1f : 0f;
        } else if (CampaignTable.missing(value)) {
          rows[r][f] = Float.NaN;
        } else if (isNumber(value)) {
          rows[r][f] = Float.parseFloat(value);
        } else {
          throw new InvalidCampaignException(
              String.format(
                  Locale.ROOT,
                  "%s data row %d: column '%s' is numeric in the model but holds '%s'",
                  table.source(),
                  r,
                  feature.column(),
                  value));
        }
      }
    }
    return rows;
  }

  private static boolean isNumber(String value) {
    try {
      return Double.isFinite(Double.parseDouble(value));
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
