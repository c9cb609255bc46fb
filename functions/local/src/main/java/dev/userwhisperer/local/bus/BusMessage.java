package dev.userwhisperer.local.bus;

import dev.userwhisperer.core.json.Json;

/**
 * One delivery of a message to a subscriber.
 *
 * @param data the message as {@link Json#encode} wrote it (records compare arrays by identity, so
 *     compare decoded messages)
 * @param attempt 1 for the first delivery, counting every delivery of this message since it was
 *     published or redriven
 * @param traceparent the W3C trace context of the span that published it (an attribute, as on
 *     Pub/Sub), null when it was published outside a trace
 * @param publishedAtMillis when it was published, by the bus's clock; 0 when the bus does not know
 */
public record BusMessage(
    String topic,
    String id,
    String orderingKey,
    byte[] data,
    int attempt,
    String traceparent,
    long publishedAtMillis) {

  /** A delivery with no trace context and no publication time. */
  public BusMessage(String topic, String id, String orderingKey, byte[] data, int attempt) {
    this(topic, id, orderingKey, data, attempt, null, 0);
  }

  public <T> T decode(Class<T> type) {
    return Json.decode(data, type);
  }
}
