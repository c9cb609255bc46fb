package dev.userwhisperer.simulator;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** A product event a simulated user caused, in the shape of the platform's event envelope. */
public record SimEvent(
    String messageId,
    String userId,
    String type,
    Instant timestamp,
    Map<String, Object> properties,
    Map<String, Object> traits) {
  public SimEvent {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(timestamp, "timestamp");
    properties = Map.copyOf(properties);
    traits = Map.copyOf(traits);
  }
}
