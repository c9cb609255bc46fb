package dev.userwhisperer.models;

import java.util.Objects;

/**
 * A row the trainer fits: an id (which decides the validation split), the feature values in the
 * model's column order (NaN = missing) and the label.
 */
public record Example(String id, float[] features, boolean positive) {
  public Example {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(features, "features");
  }
}
