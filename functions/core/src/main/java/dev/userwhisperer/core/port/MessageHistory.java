package dev.userwhisperer.core.port;

import dev.userwhisperer.core.message.OutboundMessage;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The messages handed to a channel, each with how far it got, as the backend records them (the
 * local outbox; on Google Cloud Firestore {@code sent_messages}): what the console lists.
 */
public interface MessageHistory {

  /**
   * One message and its status.
   *
   * @param status the furthest status recorded, in the backend's words ({@code delivered}, {@code
   *     opened} in the outbox; the provider's status or {@code dry_run} in {@code sent_messages})
   * @param at when it was handed to the channel
   */
  record Entry(OutboundMessage message, String status, Instant at) {
    public Entry {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(at, "at");
    }
  }

  /** At most {@code limit} of the app's messages, newest first. */
  List<Entry> recent(String appId, int limit);

  /** At most {@code limit} messages sent to the user, newest first. */
  List<Entry> sentTo(String appId, String userId, int limit);

  /** The app's message with this id, empty when there is none (or it is another app's). */
  Optional<Entry> find(String appId, String outboundId);
}
