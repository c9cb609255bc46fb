package dev.userwhisperer.gcp;

import dev.userwhisperer.core.json.Json;
import io.cloudevents.CloudEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Reads the Pub/Sub message out of an Eventarc {@value #MESSAGE_PUBLISHED} CloudEvent, whose data
 * is the push envelope {@code {"message": {"data", "attributes", "messageId", "publishTime",
 * "orderingKey"}, "subscription", "deliveryAttempt"}}.
 */
public final class PubSubCloudEvents {
  public static final String MESSAGE_PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished";

  /**
   * Where the client libraries put the delivery attempt when the subscription has a dead-letter
   * policy.
   */
  static final String DELIVERY_ATTEMPT_ATTRIBUTE = "googclient_deliveryattempt";

  private PubSubCloudEvents() {}

  /**
   * @throws MalformedPubSubEvent when the event is of another type, has no data, or its data is not
   *     such an envelope (a permanent failure: retrying cannot help)
   */
  public static PubSubDelivery decode(CloudEvent event) {
    if (!MESSAGE_PUBLISHED.equals(event.getType())) {
      throw new MalformedPubSubEvent(
          "expected a "
              + MESSAGE_PUBLISHED
              + " event, got "
              + event.getType()
              + " "
              + event.getId());
    }
    if (event.getData() == null) {
      throw new MalformedPubSubEvent("event " + event.getId() + " has no data");
    }
    JsonNode envelope;
    try {
      envelope = Json.tree(event.getData().toBytes());
    } catch (Json.MalformedJson e) {
      throw new MalformedPubSubEvent(
          "event " + event.getId() + " data is not JSON: " + e.getMessage());
    }
    JsonNode message = envelope.path("message");
    if (!message.isObject()) {
      throw new MalformedPubSubEvent("event " + event.getId() + " data has no message");
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    message
        .path("attributes")
        .properties()
        .forEach(a -> attributes.put(a.getKey(), a.getValue().asString()));
    String messageId = text(message, "messageId");
    return new PubSubDelivery(
        data(message, event.getId()),
        attributes,
        text(message, "orderingKey"),
        messageId == null ? event.getId() : messageId,
        publishTime(message, event.getId()),
        deliveryAttempt(envelope, attributes),
        text(envelope, "subscription"));
  }

  private static byte[] data(JsonNode message, String eventId) {
    String base64 = text(message, "data");
    try {
      return base64 == null ? new byte[0] : Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new MalformedPubSubEvent("event " + eventId + " message data is not base64");
    }
  }

  private static Instant publishTime(JsonNode message, String eventId) {
    String publishTime = text(message, "publishTime");
    try {
      return publishTime == null ? null : Instant.parse(publishTime);
    } catch (DateTimeParseException e) {
      throw new MalformedPubSubEvent(
          "event " + eventId + " has an unreadable publishTime " + publishTime);
    }
  }

  /** The push envelope carries it as {@code deliveryAttempt}; pulled messages as an attribute. */
  private static int deliveryAttempt(JsonNode envelope, Map<String, String> attributes) {
    JsonNode field = envelope.path("deliveryAttempt");
    if (field.isNumber()) {
      return field.asInt();
    }
    String attribute = attributes.get(DELIVERY_ATTEMPT_ATTRIBUTE);
    return attribute != null && attribute.matches("[1-9][0-9]{0,8}")
        ? Integer.parseInt(attribute)
        : 0;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isString() && !value.asString().isEmpty() ? value.asString() : null;
  }

  /**
   * One delivery of a Pub/Sub message.
   *
   * @param orderingKey null when the message has none
   * @param publishTime null when the envelope has none
   * @param deliveryAttempt 1 on the first delivery, counting up with redeliveries; 0 when unknown
   *     (Pub/Sub counts only for subscriptions with a dead-letter policy)
   */
  public record PubSubDelivery(
      byte[] data,
      Map<String, String> attributes,
      String orderingKey,
      String messageId,
      Instant publishTime,
      int deliveryAttempt,
      String subscription) {

    public PubSubDelivery {
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(messageId, "messageId");
      attributes = Map.copyOf(attributes);
    }

    /**
     * The data as the pipeline message it carries.
     *
     * @throws MalformedPubSubEvent when the data is not JSON of that type
     */
    public <T> T decode(Class<T> type) {
      try {
        return Json.decode(data, type);
      } catch (Json.MalformedJson | IllegalArgumentException e) {
        throw new MalformedPubSubEvent(
            "message " + messageId + " is not a " + type.getSimpleName() + ": " + e.getMessage());
      }
    }
  }

  /** The event is not a readable Pub/Sub message: dead-letter it, a retry cannot help. */
  public static final class MalformedPubSubEvent extends IllegalArgumentException {
    public MalformedPubSubEvent(String message) {
      super(message);
    }
  }
}
