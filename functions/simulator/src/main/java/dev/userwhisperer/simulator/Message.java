package dev.userwhisperer.simulator;

import java.time.Instant;
import java.util.Objects;

/**
 * A message that reached a user, whoever sent it.
 *
 * @param intervention what the message is for (its template name): {@code welcome}, {@code
 *     trial_ending}, {@code winback}, {@code newsletter}, …; the response model judges its
 *     relevance from this name alone
 */
public record Message(
    String messageId, String userId, Channel channel, String intervention, Instant deliveredAt) {
  public Message {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(deliveredAt, "deliveredAt");
    intervention = intervention == null ? "" : intervention;
  }
}
