package dev.userwhisperer.models;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One row of the warehouse's {@code events} table ({@code bigquery/schemas/events.json}) as the
 * event it was written from: {@code WarehouseRows.event} in reverse.
 *
 * @param userId the profile key the analyze stage kept the event under
 */
public record WarehouseEvent(String appId, String userId, Event event) {
  public WarehouseEvent {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(event, "event");
  }

  /**
   * The event of a row; JSON columns arrive as JSON text (null or empty when absent).
   *
   * @throws Json.MalformedJson when a JSON column does not hold an object
   */
  public static WarehouseEvent of(
      String appId,
      String userId,
      String messageId,
      String anonymousId,
      String type,
      Instant eventTime,
      Instant receivedAt,
      String properties,
      String traits,
      String context) {
    String eventUser = userId.startsWith("anon:") && anonymousId != null ? null : userId;
    return new WarehouseEvent(
        appId,
        userId,
        new Event(
            messageId,
            type,
            eventUser,
            anonymousId,
            eventTime,
            receivedAt,
            object(properties),
            object(traits),
            object(context)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    return Json.decode(json.getBytes(StandardCharsets.UTF_8), Map.class);
  }
}
