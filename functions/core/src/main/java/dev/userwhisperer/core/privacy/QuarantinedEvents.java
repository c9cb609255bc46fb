package dev.userwhisperer.core.privacy;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.QuarantinedEvent;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/** Which quarantined events an erasure takes: those about the user. */
public final class QuarantinedEvents {
  private QuarantinedEvents() {}

  /**
   * Whether the event was about the user (its {@code userId}, or {@code anon:<anonymousId>}); a
   * payload that is not JSON is about the user when it holds the user id as a JSON string.
   */
  public static boolean concerns(QuarantinedEvent event, String userId) {
    String payload = event.payload();
    try {
      JsonNode json = Json.tree(payload.getBytes(StandardCharsets.UTF_8));
      JsonNode id = json.path("userId");
      if (id.isString() && id.asString().equals(userId)) {
        return true;
      }
      JsonNode anonymous = json.path("anonymousId");
      return anonymous.isString() && ("anon:" + anonymous.asString()).equals(userId);
    } catch (Json.MalformedJson notJson) {
      return payload.contains(Json.encodeToString(userId));
    }
  }
}
