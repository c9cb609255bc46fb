package dev.userwhisperer.core.message;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.time.Instant;
import java.util.Objects;

/**
 * A message written for one user, ready for the channel's sender.
 *
 * @param outboundId this message's id ({@link Ids#outbound} of the SEND decision), named apart from
 *     an event's {@code messageId}; read from {@code messageId} in messages written before it had a
 *     name of its own
 */
public record OutboundMessage(
    int version,
    @JsonAlias("messageId") String outboundId,
    String decisionId,
    String appId,
    String userId,
    Channel channel,
    String to,
    String locale,
    String intervention,
    String variant,
    String subject,
    String body,
    Instant createdAt)
    implements PipelineMessage {

  public static final int VERSION = 1;

  public OutboundMessage {
    if (version != VERSION) {
      throw new IllegalArgumentException("unsupported OutboundMessage version " + version);
    }
    Objects.requireNonNull(outboundId, "outboundId");
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  @Override
  public String topic() {
    return Topics.outbound(channel);
  }

  @Override
  public String id() {
    return outboundId;
  }
}
