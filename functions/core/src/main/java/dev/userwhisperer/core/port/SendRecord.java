package dev.userwhisperer.core.port;

import java.time.Instant;
import java.util.Objects;

/**
 * The ledger's record of a message's send.
 *
 * @param attempts how many times a send was started
 * @param providerId the provider's id once it accepted the message, else null
 * @param startedAt when the latest attempt started
 */
public record SendRecord(
    String outboundId,
    String appId,
    SendState state,
    int attempts,
    String providerId,
    Instant startedAt,
    Instant updatedAt) {
  public SendRecord {
    Objects.requireNonNull(outboundId, "outboundId");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
    }
  }
}
