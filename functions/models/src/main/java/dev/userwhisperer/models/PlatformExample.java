package dev.userwhisperer.models;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One user at a cutoff: the platform's feature vector as analyze would compute it then, and what
 * the user did in the horizon after.
 *
 * @param features {@code FeatureVector.of} as of the cutoff, in its order
 * @param churned no event of the activity types in (cutoff, cutoff + horizon]
 * @param converted an event of the conversion types in (cutoff, cutoff + horizon]
 */
public record PlatformExample(
    String appId, String userId, Map<String, Double> features, boolean churned, boolean converted) {
  public PlatformExample {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(userId, "userId");
    features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
  }

  /** The features as a row in the order of {@code names}; an absent name is NaN (missing). */
  public float[] vector(List<String> names) {
    float[] row = new float[names.size()];
    for (int i = 0; i < row.length; i++) {
      Double v = features.get(names.get(i));
      row[i] = v == null ? Float.NaN : v.floatValue();
    }
    return row;
  }
}
