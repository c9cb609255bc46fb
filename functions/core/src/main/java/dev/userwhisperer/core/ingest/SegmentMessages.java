package dev.userwhisperer.core.ingest;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.port.Violation;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps Segment Tracking API messages onto the platform's event envelope (v1):
 *
 * <ul>
 *   <li>{@code track}: the {@code event} name becomes the type in snake case ({@code "Order
 *       Completed"} → {@code order_completed}; see {@link #typeOf}); the name as sent is kept in
 *       {@code context.segment.event};
 *   <li>{@code identify}: type {@code identify} with its traits ({@code {}} when none);
 *   <li>{@code page} / {@code screen}: {@code page_viewed} / {@code screen_viewed}, with {@code
 *       name} and {@code category} among the properties;
 *   <li>{@code group}: type {@code group}, {@code properties.groupId} and the group's traits in
 *       {@code properties.groupTraits};
 *   <li>{@code alias}: type {@code alias} on {@code userId}, {@code properties.previousId} naming
 *       the earlier id;
 *   <li>time: with {@code sentAt} (the message's, else the batch's), the timestamp is corrected for
 *       the client's clock as Segment does: {@code receivedAt + (timestamp − sentAt)}; without it,
 *       the timestamp as sent ({@code originalTimestamp} when {@code timestamp} is absent);
 *   <li>a message without {@code messageId} gets {@code segment-} and the SHA-256 of its text, so
 *       that a resent identical message is still a duplicate;
 *   <li>numeric {@code userId} and {@code anonymousId} become strings; {@code integrations}, {@code
 *       writeKey}, {@code sentAt}, {@code receivedAt} and {@code version} are dropped.
 * </ul>
 */
final class SegmentMessages {
  static final String SEGMENT_ID_PREFIX = "segment-";
  private static final int MAX_TYPE = 64;

  private SegmentMessages() {}

  /**
   * @param violations one list per message: what could not be mapped
   */
  record Mapped(Envelope envelope, List<List<Violation>> violations) {}

  static Mapped map(SegmentRequest call, JsonNode root, byte[] body, Instant receivedAt)
      throws Envelope.Refusal {
    if (root == null || !root.isObject()) {
      throw new Envelope.Refusal(
          400,
          ApiError.of(
              "invalid_body",
              call.isBatch()
                  ? "the body must be {\"batch\": [messages]}"
                  : "the body must be one Segment " + call.call() + " message"));
    }
    Envelope raw;
    JsonNode batchSentAt = null;
    JsonNode batchContext = null;
    if (call.isBatch()) {
      if (root.get("batch") == null) {
        throw new Envelope.Refusal(
            400, new ApiError("invalid_body", "batch is required: [messages]", "/batch"));
      }
      raw = Envelope.of(root, body);
      batchSentAt = root.get("sentAt");
      batchContext = root.get("context");
    } else {
      raw =
          new Envelope(
              false, List.of(root), List.of(new String(body, StandardCharsets.UTF_8).strip()));
    }
    List<JsonNode> events = new ArrayList<>(raw.events().size());
    List<List<Violation>> violations = new ArrayList<>(raw.events().size());
    for (int i = 0; i < raw.events().size(); i++) {
      List<Violation> found = new ArrayList<>();
      events.add(
          event(
              raw.events().get(i),
              call.isBatch() ? null : call.call(),
              raw.pointer(i),
              raw.text(i),
              batchSentAt,
              batchContext,
              receivedAt,
              found));
      violations.add(found);
    }
    return new Mapped(new Envelope(raw.batch(), events, raw.texts()), violations);
  }

  private static JsonNode event(
      JsonNode message,
      String call,
      String pointer,
      String text,
      JsonNode batchSentAt,
      JsonNode batchContext,
      Instant receivedAt,
      List<Violation> violations) {
    ObjectNode event = Json.mapper().createObjectNode();
    if (!message.isObject()) {
      violations.add(new Violation("invalid_type", pointer, "a message must be a JSON object"));
      event.put("messageId", SEGMENT_ID_PREFIX + Sha256.hex(text));
      return event;
    }
    String type = call == null ? text(message, "type") : call;
    JsonNode messageId = message.get("messageId");
    event.set(
        "messageId",
        messageId == null || messageId.isNull()
            ? event.stringNode(SEGMENT_ID_PREFIX + Sha256.hex(text))
            : messageId);
    copyId(message, "userId", event);
    copyId(message, "anonymousId", event);
    ObjectNode context = Json.mapper().createObjectNode();
    if (batchContext != null && batchContext.isObject()) {
      context.setAll((ObjectNode) batchContext);
    }
    if (message.get("context") instanceof ObjectNode own) {
      context.setAll(own);
    }
    ObjectNode properties =
        message.get("properties") instanceof ObjectNode p
            ? p.deepCopy()
            : Json.mapper().createObjectNode();
    ObjectNode segment = context.putObject("segment");
    segment.put("type", type == null ? "" : type);
    if (type == null) {
      violations.add(
          new Violation(
              "missing_field",
              pointer + "/type",
              "a batched message needs its type: track, identify, page, screen, group or alias"));
      event.put("type", "segment");
    } else {
      switch (type) {
        case "track" -> {
          String name = text(message, "event");
          if (name == null || name.isBlank()) {
            violations.add(
                new Violation("missing_field", pointer + "/event", "a track needs its event name"));
            event.put("type", "segment");
          } else {
            event.put("type", typeOf(name));
            segment.put("event", name);
          }
        }
        case "identify" -> {
          event.put("type", EventTypes.IDENTIFY);
          JsonNode traits = message.get("traits");
          if (traits == null && context.get("traits") instanceof ObjectNode contextTraits) {
            traits = contextTraits;
          }
          event.set("traits", traits == null ? Json.mapper().createObjectNode() : traits);
        }
        case "page", "screen" -> {
          event.put("type", type.equals("page") ? EventTypes.PAGE_VIEWED : "screen_viewed");
          copyIfAbsent(message, "name", properties);
          copyIfAbsent(message, "category", properties);
        }
        case "group" -> {
          event.put("type", "group");
          if (message.get("groupId") != null) {
            properties.set("groupId", message.get("groupId"));
          }
          if (message.get("traits") != null) {
            properties.set("groupTraits", message.get("traits"));
          }
        }
        case "alias" -> {
          event.put("type", EventTypes.ALIAS);
          JsonNode previous = message.get("previousId");
          if (previous == null || !(previous.isString() || previous.isNumber())) {
            violations.add(
                new Violation(
                    "missing_field",
                    pointer + "/previousId",
                    "an alias needs previousId, the id the user had before"));
          } else {
            properties.put(EventTypes.PREVIOUS_ID, previous.asString());
          }
        }
        default -> {
          violations.add(
              new Violation(
                  "invalid_value",
                  pointer + "/type",
                  "not a Segment message type: track, identify, page, screen, group or alias"));
          event.put("type", "segment");
        }
      }
    }
    if (!type("identify", type) && message.get("traits") instanceof ObjectNode traits) {
      event.set("traits", traits);
    }
    if (!properties.isEmpty()) {
      event.set("properties", properties);
    }
    event.set("context", context);
    timestamp(message, pointer, batchSentAt, receivedAt, event, violations);
    return event;
  }

  private static boolean type(String expected, String type) {
    return expected.equals(type);
  }

  /** Segment's rule: what the client's clock was off by at sending is taken off the event time. */
  private static void timestamp(
      JsonNode message,
      String pointer,
      JsonNode batchSentAt,
      Instant receivedAt,
      ObjectNode event,
      List<Violation> violations) {
    JsonNode timestamp = message.get("timestamp");
    String field = "/timestamp";
    if (timestamp == null) {
      timestamp = message.get("originalTimestamp");
      field = "/originalTimestamp";
    }
    if (timestamp == null) {
      return;
    }
    JsonNode sentAtNode = message.get("sentAt") != null ? message.get("sentAt") : batchSentAt;
    Instant at = instant(timestamp);
    if (at == null) {
      // left as sent: the validator names it at its pointer
      event.set("timestamp", timestamp);
      if (!field.equals("/timestamp")) {
        violations.add(
            new Violation("invalid_format", pointer + field, "not an RFC 3339 date-time"));
      }
      return;
    }
    if (sentAtNode != null) {
      Instant sentAt = instant(sentAtNode);
      if (sentAt == null) {
        violations.add(
            new Violation(
                "invalid_format",
                message.get("sentAt") != null ? pointer + "/sentAt" : "/sentAt",
                "sentAt is not an RFC 3339 date-time"));
      } else {
        at = receivedAt.plus(Duration.between(sentAt, at));
      }
    }
    event.put("timestamp", at.toString());
  }

  private static Instant instant(JsonNode node) {
    if (!node.isString()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(node.asString()).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * A track's event name as a platform type: lower case, every run of other characters than {@code
   * a-z}, {@code 0-9}, {@code _} and {@code .} replaced by one {@code _}, trimmed of {@code _}, an
   * {@code e_} in front when it does not start with a letter, at most 64 characters.
   */
  static String typeOf(String eventName) {
    String type =
        eventName
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9_.]+", "_")
            .replaceAll("^_+|_+$", "");
    if (type.isEmpty() || !Character.isLetter(type.charAt(0))) {
      type = "e_" + type;
    }
    return type.length() > MAX_TYPE ? type.substring(0, MAX_TYPE) : type;
  }

  private static void copyId(JsonNode message, String field, ObjectNode event) {
    JsonNode id = message.get(field);
    if (id == null || id.isNull()) {
      return;
    }
    event.set(field, id.isNumber() ? event.stringNode(id.asString()) : id);
  }

  private static void copyIfAbsent(JsonNode message, String field, ObjectNode properties) {
    JsonNode value = message.get(field);
    if (value != null && !properties.has(field)) {
      properties.set(field, value);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isString() ? value.asString() : null;
  }
}
