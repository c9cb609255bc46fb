package dev.userwhisperer.core.message;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One product event as accepted by ingest (envelope v1, see {@code event.v1.schema.json}).
 *
 * @param messageId the client's idempotency key, unique per app
 * @param type one of {@link EventTypes} or a custom type
 * @param userId the app's id for the user; may be null when {@code anonymousId} is set
 * @param anonymousId a device or cookie id for a user not yet identified
 * @param timestamp when it happened (event time)
 * @param receivedAt when ingest accepted it
 * @param properties event-specific fields
 * @param traits user traits, set by {@code identify} (and optionally by any event)
 * @param context locale, timezone, device, app version, …
 */
public record Event(
    String messageId,
    String type,
    String userId,
    String anonymousId,
    Instant timestamp,
    Instant receivedAt,
    Map<String, Object> properties,
    Map<String, Object> traits,
    Map<String, Object> context) {

  public Event {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(timestamp, "timestamp");
    if (userId == null && anonymousId == null) {
      throw new IllegalArgumentException("userId or anonymousId is required");
    }
    properties = properties == null ? Map.of() : Map.copyOf(properties);
    traits = traits == null ? Map.of() : Map.copyOf(traits);
    context = context == null ? Map.of() : Map.copyOf(context);
  }

  /** The id the profile is kept under: the userId, else {@code anon:<anonymousId>}. */
  public String userKey() {
    return Ids.userKey(userId, anonymousId);
  }

  public String contextString(String key) {
    return context.get(key) instanceof String s ? s : null;
  }

  public String propertyString(String key) {
    return properties.get(key) instanceof String s ? s : null;
  }
}
