package dev.userwhisperer.core.message;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A message written for one user, ready for the channel's sender.
 *
 * @param outboundId this message's id ({@link Ids#outbound} of the SEND decision), named apart from
 *     an event's {@code messageId}; read from {@code messageId} in messages written before it had a
 *     name of its own
 * @param body the text: the whole message for SMS and push, the plain-text part of an e-mail
 * @param html the HTML part of an e-mail (values escaped), null for SMS and push
 * @param title a push notification's title, null for e-mail and SMS
 * @param headers e-mail headers the sender sets (List-Unsubscribe and its one-click POST on
 *     marketing e-mail); empty for SMS and push
 * @param provenance which configuration version and writer produced it
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
    Instant createdAt,
    String html,
    String title,
    Map<String, String> headers,
    Provenance provenance)
    implements PipelineMessage {

  /**
   * 2 added html, title, headers and provenance. A version 1 message (on a topic during an upgrade)
   * reads with no html, title or headers and {@link Provenance#BEFORE_RECORDING}.
   */
  public static final int VERSION = 2;

  public OutboundMessage {
    if (version == 1) {
      provenance = provenance == null ? Provenance.BEFORE_RECORDING : provenance;
    } else if (version != VERSION) {
      throw new IllegalArgumentException("unsupported OutboundMessage version " + version);
    }
    Objects.requireNonNull(provenance, "provenance");
    headers = headers == null ? Map.of() : Map.copyOf(headers);
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
