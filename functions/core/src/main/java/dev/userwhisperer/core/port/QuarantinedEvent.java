package dev.userwhisperer.core.port;

import dev.userwhisperer.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

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

  /**
   * Whether the event was about the user (its {@code userId}, or {@code anon:<anonymousId>}); a
   * payload that is not JSON is about the user when it holds the user id as a JSON string.
   */
  public boolean concerns(String userId) {
    try {
      JsonNode event = Json.tree(payload.getBytes(StandardCharsets.UTF_8));
      JsonNode id = event.path("userId");
      if (id.isString() && id.asString().equals(userId)) {
        return true;
      }
      JsonNode anonymous = event.path("anonymousId");
      return anonymous.isString() && ("anon:" + anonymous.asString()).equals(userId);
    } catch (Json.MalformedJson notJson) {
      return payload.contains(Json.encodeToString(userId));
    }
  }
}
