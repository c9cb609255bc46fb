package dev.userwhisperer.local.bus;

import java.time.Instant;

/**
 * A message the bus gave up on after {@code attempts} deliveries.
 *
 * @param lastError the class and message of the exception of the last delivery
 */
public record DeadLetter(
    String topic,
    String id,
    String orderingKey,
    byte[] data,
    int attempts,
    String lastError,
    Instant deadAt) {}
