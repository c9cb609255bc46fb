package dev.userwhisperer.core.port;

import dev.userwhisperer.core.message.OutboundMessage;
import java.util.Optional;

/** Messages already handed to a channel, looked up when feedback about them arrives. */
public interface SentMessages {
  Optional<OutboundMessage> find(String outboundId);
}
