package dev.userwhisperer.core.port;

import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;

/**
 * Hands a message to an e-mail, SMS or push provider (the local outbox by default). Sending the
 * same messageId twice must not reach the user twice.
 *
 * @throws TransientFailure when a retry may succeed (timeouts, 429, 5xx)
 */
public interface ChannelSender {
  Delivery send(OutboundMessage message);
}
