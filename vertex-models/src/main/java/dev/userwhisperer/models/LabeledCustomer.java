package dev.userwhisperer.models;

import java.util.Objects;

/**
 * A training or evaluation row: features as of the cutoff and what happened in the horizon after.
 *
 * @param churned no purchase in (cutoff, cutoff + horizon]
 * @param horizonOccasions purchase occasions in (cutoff, cutoff + horizon]
 */
public record LabeledCustomer(CustomerFeatures features, boolean churned, int horizonOccasions) {
  public LabeledCustomer {
    Objects.requireNonNull(features, "features");
    if (horizonOccasions < 0 || churned != (horizonOccasions == 0)) {
      throw new IllegalArgumentException(
          "churned must mean zero horizon occasions, got " + horizonOccasions);
    }
  }

  public String customerId() {
    return features.customerId();
  }

  /** The row as the trainer fits it: churned is the positive class. */
  public Example example() {
    return new Example(customerId(), features.vector(), churned);
  }
}
