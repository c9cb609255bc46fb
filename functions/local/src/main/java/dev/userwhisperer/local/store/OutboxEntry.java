package dev.userwhisperer.local.store;

import dev.userwhisperer.core.message.OutboundMessage;
import java.time.Instant;
import java.util.Objects;

/**
 * A message in the local outbox with what happened to it.
 *
 * @param seq the order in which the outbox stored it, increasing; the cursor of {@code GET
 *     /v1/outbox?after=}
 * @param status the furthest status reached
 * @param openedAt when first opened, null if never (likewise {@code clickedAt}, {@code
 *     unsubscribedAt})
 */
public record OutboxEntry(
    long seq,
    OutboundMessage message,
    OutboxStatus status,
    Instant deliveredAt,
    Instant openedAt,
    Instant clickedAt,
    Instant unsubscribedAt) {

  public OutboxEntry {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(deliveredAt, "deliveredAt");
  }
}
