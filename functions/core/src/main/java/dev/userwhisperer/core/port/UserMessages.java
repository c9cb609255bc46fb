package dev.userwhisperer.core.port;

import java.util.List;

/**
 * The messages sent to one user, as the backend records them (the local outbox with each message's
 * status; on Google Cloud the messages of the user's decisions in {@code sent_messages}): what the
 * export of a user lists.
 */
@FunctionalInterface
public interface UserMessages {
  /** At most {@code limit} messages sent to the user, each serialisable to JSON. */
  List<?> sentTo(String appId, String userId, int limit);
}
