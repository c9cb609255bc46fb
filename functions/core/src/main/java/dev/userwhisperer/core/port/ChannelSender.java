package dev.userwhisperer.core.port;

import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import java.time.Instant;

/**
 * Hands a message to an e-mail, SMS or push provider (the local outbox by default). The deliver
 * stage calls {@link #send} at most once per message unless the provider certainly did not accept
 * it, so a sender needs no deduplication of its own.
 */
public interface ChannelSender {
  /**
   * @return the delivery as the provider acknowledged it
   * @throws ProviderUnavailable when the provider certainly did not accept it (429, 5xx, refused)
   * @throws OutcomeUnknown when it may have (a timeout after the request was written)
   * @throws SendRejected when the provider refused it for good
   */
  Delivery send(OutboundMessage message);

  /**
   * Asks the provider what became of a send started at {@code startedAt} whose outcome is unknown.
   * Providers whose API cannot answer leave it {@link Reconciliation#UNKNOWN}; their webhooks
   * reconcile through {@link DeliveryLedger#confirm}.
   */
  default Reconciliation reconcile(OutboundMessage message, Instant startedAt) {
    return Reconciliation.UNKNOWN;
  }
}
