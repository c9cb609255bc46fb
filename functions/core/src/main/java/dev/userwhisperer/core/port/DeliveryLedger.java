package dev.userwhisperer.core.port;

import java.time.Instant;
import java.util.Optional;

/**
 * One record per message of its send, written before the provider is called, so that no message is
 * sent twice: a redelivered message finds the record and does not send again unless the last
 * attempt certainly failed. Implementations make {@link #start} atomic.
 */
public interface DeliveryLedger {
  Optional<SendRecord> find(String outboundId);

  /**
   * Records that an attempt starts, if the record is still in {@code expected} (null: no record).
   *
   * @return the record as written, or empty when the record moved on (another attempt is running or
   *     finished)
   */
  Optional<SendRecord> start(String outboundId, String appId, SendState expected, Instant at);

  /**
   * Records how the attempt ended; {@code providerId} may be null. Only a {@link SendState#STARTED}
   * record moves: one that a webhook confirmed meanwhile stays {@link SendState#SENT}.
   */
  void finish(String outboundId, SendState state, String providerId, Instant at);

  /**
   * Evidence from outside the send (a provider webhook or API) that the provider accepted the
   * message: moves a record that is not final to {@link SendState#SENT}, creating it when absent.
   */
  void confirm(String outboundId, String appId, String providerId, Instant at);
}
