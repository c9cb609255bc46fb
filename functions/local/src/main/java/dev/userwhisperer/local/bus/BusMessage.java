package dev.userwhisperer.local.bus;

import dev.userwhisperer.core.json.Json;

/**
 * One delivery of a message to a subscriber.
 *
 * @param data the message as {@link Json#encode} wrote it (records compare arrays by identity, so
 *     compare decoded messages)
 * @param attempt 1 for the first delivery, counting every delivery of this message since it was
 *     published or redriven
 */
public record BusMessage(String topic, String id, String orderingKey, byte[] data, int attempt) {
  public <T> T decode(Class<T> type) {
    return Json.decode(data, type);
  }
}
