package dev.userwhisperer.core.message;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something happened to a user that may call for a message: produced by analyze (from events) and
 * by the sweep (from the passing of time), consumed by decide.
 *
 * @param at the event time the signal refers to; decide judges quiet hours and caps as of then and
 *     dates its decision with it
 */
public record Signal(
    int version,
    String signalId,
    String appId,
    String userId,
    SignalType type,
    Instant at,
    Map<String, String> attributes)
    implements PipelineMessage {

  public static final int VERSION = 1;

  public Signal {
    if (version != VERSION) {
      throw new IllegalArgumentException("unsupported Signal version " + version);
    }
    Objects.requireNonNull(signalId, "signalId");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(at, "at");
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  @Override
  public String topic() {
    return Topics.SIGNALS;
  }

  @Override
  public String id() {
    return signalId;
  }
}
