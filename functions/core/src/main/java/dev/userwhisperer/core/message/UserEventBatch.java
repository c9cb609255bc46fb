package dev.userwhisperer.core.message;

import java.util.List;
import java.util.Objects;

/**
 * The accepted events of one user from one ingest call: ingest publishes one of these per user so
 * that analyze applies them to the profile in one transaction (see docs/cost.md).
 */
public record UserEventBatch(
    int version, String batchId, String appId, String userId, List<Event> events)
    implements PipelineMessage {

  public static final int VERSION = 1;

  public UserEventBatch {
    if (version != VERSION) {
      throw new IllegalArgumentException("unsupported UserEventBatch version " + version);
    }
    Objects.requireNonNull(batchId, "batchId");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(userId, "userId");
    if (events == null || events.isEmpty()) {
      throw new IllegalArgumentException("a batch has at least one event");
    }
    events = List.copyOf(events);
  }

  @Override
  public String topic() {
    return Topics.EVENTS;
  }

  @Override
  public String id() {
    return batchId;
  }
}
