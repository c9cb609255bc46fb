package dev.userwhisperer.models;

import java.time.Instant;
import java.util.Objects;

/**
 * One purchase (or any valued event) of a customer: the only shape the training-set builder reads,
 * so that a CDNOW line and a warehouse event row map onto it alike.
 *
 * @param customerId who purchased
 * @param time when
 * @param value monetary value, not negative
 * @param quantity number of items, not negative
 */
public record Purchase(String customerId, Instant time, double value, int quantity) {
  public Purchase {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(time, "time");
    if (customerId.isBlank()) {
      throw new IllegalArgumentException("customerId is blank");
    }
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("value must be finite and >= 0: " + value);
    }
    if (quantity < 0) {
      throw new IllegalArgumentException("quantity must be >= 0: " + quantity);
    }
  }
}
