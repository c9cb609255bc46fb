package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.UserEventBatch;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds test events: {@code TestEvents.event("feature_used").user("u1").at(t).prop("feature",
 * "x").build()}. The messageId defaults to a value derived from type, user and time, so equal
 * builders give equal events.
 */
public final class TestEvents {
  public static final String APP = "app1";

  private String messageId;
  private final String type;
  private String userId = "u1";
  private String anonymousId;
  private Instant at = Instant.parse("2026-01-05T12:00:00Z");
  private final Map<String, Object> properties = new LinkedHashMap<>();
  private final Map<String, Object> traits = new LinkedHashMap<>();
  private final Map<String, Object> context = new LinkedHashMap<>();

  private TestEvents(String type) {
    this.type = type;
  }

  public static TestEvents event(String type) {
    return new TestEvents(type);
  }

  public static UserEventBatch batch(String batchId, Event... events) {
    return batch(APP, batchId, events);
  }

  public static UserEventBatch batch(String appId, String batchId, Event... events) {
    return new UserEventBatch(
        UserEventBatch.VERSION, batchId, appId, events[0].userKey(), List.of(events));
  }

  public TestEvents id(String messageId) {
    this.messageId = messageId;
    return this;
  }

  public TestEvents user(String userId) {
    this.userId = userId;
    return this;
  }

  /** An event of an anonymous user: no userId, this anonymousId. */
  public TestEvents anonymous(String anonymousId) {
    this.userId = null;
    this.anonymousId = anonymousId;
    return this;
  }

  public TestEvents at(Instant at) {
    this.at = at;
    return this;
  }

  public TestEvents at(String isoInstant) {
    return at(Instant.parse(isoInstant));
  }

  public TestEvents prop(String key, Object value) {
    properties.put(key, value);
    return this;
  }

  public TestEvents trait(String key, Object value) {
    traits.put(key, value);
    return this;
  }

  public TestEvents context(String key, Object value) {
    context.put(key, value);
    return this;
  }

  public Event build() {
    String id =
        messageId != null
            ? messageId
            : type + ":" + (userId != null ? userId : "anon:" + anonymousId) + ":" + at;
    return new Event(id, type, userId, anonymousId, at, at, properties, traits, context);
  }
}
