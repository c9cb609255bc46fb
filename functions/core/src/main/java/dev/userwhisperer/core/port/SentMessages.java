package dev.userwhisperer.core.port;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.OutboundMessage;
import java.util.Optional;

/** Messages already handed to a channel, looked up when feedback about them arrives. */
public interface SentMessages {
  Optional<OutboundMessage> find(String outboundId);

  /**
   * The message most recently sent on {@code channel} to {@code address}: who a reply from that
   * address (an SMS "STOP") is about.
   */
  Optional<OutboundMessage> latestTo(Channel channel, String address);
}
