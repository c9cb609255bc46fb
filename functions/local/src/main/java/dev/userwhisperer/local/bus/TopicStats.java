package dev.userwhisperer.local.bus;

/**
 * The state of one topic of the bus.
 *
 * @param pending waiting for delivery, including those waiting out a retry backoff
 * @param inFlight handed to the subscriber and not yet acknowledged
 * @param deadLettered given up on, kept for inspection and redrive
 * @param delivered acknowledged since the database was created
 */
public record TopicStats(
    String topic, long pending, long inFlight, long deadLettered, long delivered) {}
