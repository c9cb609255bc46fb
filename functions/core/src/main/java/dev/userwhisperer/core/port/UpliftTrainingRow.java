package dev.userwhisperer.core.port;

import dev.userwhisperer.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One randomized marketing decision as the warehouse view {@code uplift_training_rows} gives it:
 * the user's features when decide decided, whether it was sent, the probability it had of being
 * sent, and whether the intervention's goal was reached within the window.
 *
 * @param features by name, as {@code FeatureVector} names them; a feature that was missing is NaN
 */
public record UpliftTrainingRow(
    String appId,
    String intervention,
    String decisionId,
    LocalDate decisionDate,
    boolean treated,
    double treatmentPropensity,
    boolean goalReached,
    Map<String, Double> features) {

  public UpliftTrainingRow {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(intervention, "intervention");
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(decisionDate, "decisionDate");
    if (!(treatmentPropensity >= 0 && treatmentPropensity <= 1)) {
      throw new IllegalArgumentException(
          "treatmentPropensity must be within [0, 1]: " + treatmentPropensity);
    }
    features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
  }

  /**
   * The features of the column {@code features} ({@code {"name": number}}, null for missing), in
   * their order.
   *
   * @throws IllegalArgumentException when the text is a JSON value other than an object of numbers
   *     and nulls
   * @throws Json.MalformedJson when it is not JSON
   */
  public static Map<String, Double> features(String json) {
    JsonNode tree = Json.tree(json.getBytes(StandardCharsets.UTF_8));
    if (!tree.isObject()) {
      throw new IllegalArgumentException("features must be a JSON object, got " + tree);
    }
    Map<String, Double> features = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : tree.properties()) {
      JsonNode v = e.getValue();
      if (v.isNull()) {
        features.put(e.getKey(), Double.NaN);
      } else if (v.isNumber()) {
        features.put(e.getKey(), v.asDouble());
      } else {
        throw new IllegalArgumentException("feature " + e.getKey() + " is not a number: " + v);
      }
    }
    return features;
  }
}
