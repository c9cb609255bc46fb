package dev.userwhisperer.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where ingest hands over a request's valid events: it remembers which messageIds each app has had
 * accepted and makes the new ones durable for the pipeline, as one step.
 *
 * <p>Of the events given, those whose messageId this app had accepted within {@link
 * IngestDedup#RETENTION} before (by this call or any other, concurrent ones included) are
 * duplicates; so is a later event of the same call with a messageId seen earlier in it. The others
 * are accepted: when {@code accept} returns they are durable (a crash afterwards loses none) and
 * published on the {@code events} topic, grouped by user. If {@code accept} throws, nothing was
 * accepted and the client's retry is not a duplicate.
 */
public interface EventIntake {

  /**
   * @param receivedAt when the request arrived, the instant the ids are remembered from
   * @return the messageIds accepted by this call
   */
  Set<String> accept(String appId, Instant receivedAt, List<Candidate> events);

  /**
   * A valid event.
   *
   * @param userKey the user it belongs to ({@code Event#userKey})
   * @param json the event as the {@code Event} record's JSON, {@code receivedAt} and {@code
   *     timestamp} set (it may carry members the record ignores)
   */
  record Candidate(String messageId, String userKey, byte[] json) {
    public Candidate {
      Objects.requireNonNull(messageId, "messageId");
      Objects.requireNonNull(userKey, "userKey");
      Objects.requireNonNull(json, "json");
    }
  }
}
