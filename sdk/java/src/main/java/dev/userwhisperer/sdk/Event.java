package dev.userwhisperer.sdk;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One event as the platform's envelope (v1) has it. Its {@code messageId} is made once, when the
 * event is built, and sent unchanged on every retry: the platform answers a resent event {@code
 * duplicate} and counts it once.
 */
public final class Event {
  private final String messageId;
  private final String type;
  private final String userId;
  private final String anonymousId;
  private final Instant timestamp;
  private final Map<String, Object> properties;
  private final Map<String, Object> traits;
  private final Map<String, Object> context;

  private Event(Builder b) {
    this.messageId = b.messageId != null ? b.messageId : UUID.randomUUID().toString();
    this.type = Objects.requireNonNull(b.type, "type");
    if (b.userId == null && b.anonymousId == null) {
      throw new IllegalArgumentException("an event needs a userId or an anonymousId");
    }
    this.userId = b.userId;
    this.anonymousId = b.anonymousId;
    this.timestamp = b.timestamp;
    this.properties = Map.copyOf(b.properties);
    this.traits = Map.copyOf(b.traits);
    this.context = Map.copyOf(b.context);
  }

  /** An event of {@code type} ({@code feature_used}, {@code identify}, any custom type). */
  public static Builder of(String type) {
    return new Builder(type);
  }

  public String messageId() {
    return messageId;
  }

  public String type() {
    return type;
  }

  public String userId() {
    return userId;
  }

  public String anonymousId() {
    return anonymousId;
  }

  /** The envelope as JSON-ready values, the timestamp as RFC 3339. */
  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("messageId", messageId);
    json.put("type", type);
    if (userId != null) {
      json.put("userId", userId);
    }
    if (anonymousId != null) {
      json.put("anonymousId", anonymousId);
    }
    if (timestamp != null) {
      json.put("timestamp", timestamp.toString());
    }
    if (!properties.isEmpty()) {
      json.put("properties", properties);
    }
    if (!traits.isEmpty()) {
      json.put("traits", traits);
    }
    if (!context.isEmpty()) {
      json.put("context", context);
    }
    return json;
  }

  @Override
  public String toString() {
    return "Event[" + type + " " + messageId + "]";
  }

  /** Builds an {@link Event}; the timestamp defaults to the time of building. */
  public static final class Builder {
    private final String type;
    private String messageId;
    private String userId;
    private String anonymousId;
    private Instant timestamp;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final Map<String, Object> traits = new LinkedHashMap<>();
    private final Map<String, Object> context = new LinkedHashMap<>();

    private Builder(String type) {
      this.type = type;
    }

    /** Your own id for the event, e.g. from an outbox table; by default a random UUID. */
    public Builder messageId(String messageId) {
      this.messageId = messageId;
      return this;
    }

    public Builder userId(String userId) {
      this.userId = userId;
      return this;
    }

    public Builder anonymousId(String anonymousId) {
      this.anonymousId = anonymousId;
      return this;
    }

    public Builder timestamp(Instant timestamp) {
      this.timestamp = timestamp;
      return this;
    }

    public Builder property(String key, Object value) {
      properties.put(key, value);
      return this;
    }

    public Builder properties(Map<String, ?> values) {
      properties.putAll(values);
      return this;
    }

    public Builder trait(String key, Object value) {
      traits.put(key, value);
      return this;
    }

    public Builder traits(Map<String, ?> values) {
      traits.putAll(values);
      return this;
    }

    public Builder context(String key, Object value) {
      context.put(key, value);
      return this;
    }

    public Event build() {
      if (timestamp == null) {
        timestamp = Instant.now();
      }
      return new Event(this);
    }
  }
}
