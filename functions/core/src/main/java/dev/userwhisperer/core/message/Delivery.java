package dev.userwhisperer.core.message;

import java.time.Instant;

/**
 * The result of handing a message to its channel.
 *
 * @param providerId the provider's id for the message (the outbox id locally)
 * @param status {@code delivered}, {@code dry_run}, {@code failed}, …
 */
public record Delivery(
    String messageId,
    String appId,
    String userId,
    Channel channel,
    String status,
    String providerId,
    Instant at) {}
