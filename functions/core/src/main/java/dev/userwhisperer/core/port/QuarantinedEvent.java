package dev.userwhisperer.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An event ingest refused, kept with why and exactly what was sent.
 *
 * @param payload the event's original JSON text
 * @param violations each reason, with the JSON pointer of the offending field
 */
public record QuarantinedEvent(
    String quarantineId,
    String appId,
    String messageId,
    Instant receivedAt,
    String payload,
    List<Violation> violations) {

  public QuarantinedEvent {
    Objects.requireNonNull(quarantineId, "quarantineId");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(payload, "payload");
    violations = List.copyOf(violations);
  }
}
