package dev.userwhisperer.core.message;

import java.time.Instant;
import java.util.Objects;

/** A message written for one user, ready for the channel's sender. */
public record OutboundMessage(
    int version,
    String messageId,
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
    Objects.requireNonNull(messageId, "messageId");
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
    return messageId;
  }
}
