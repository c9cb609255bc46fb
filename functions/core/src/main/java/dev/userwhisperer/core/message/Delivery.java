package dev.userwhisperer.core.message;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.time.Instant;

/**
 * The result of handing a message to its channel.
 *
 * @param outboundId the message handed over ({@link OutboundMessage#outboundId()})
 * @param providerId the provider's id for the message (the outbox id locally)
 * @param status {@code delivered}, {@code dry_run}, {@code failed}, …
 */
public record Delivery(
    @JsonAlias("messageId") String outboundId,
    String appId,
    String userId,
    Channel channel,
    String status,
    String providerId,
    Instant at) {}
