package dev.userwhisperer.core.ingest;

import dev.userwhisperer.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * A {@code {"batch": [...]}} body read in one streaming pass: where each event's text lies in the
 * body, and what {@link StreamingEventValidator} made of it. Only a body whose whole shape is right
 * is scanned; anything else (not JSON, a repeated key, no batch, an empty or oversized batch, a
 * single event) is left to the tree path, which answers it with the documented error.
 *
 * @param events in body order
 */
record BatchScan(List<Event> events) {

  /**
   * One element of the batch.
   *
   * @param start offset of its first byte in the body
   * @param end offset after its last byte
   */
  record Event(int start, int end, StreamingEventValidator.Checked checked) {}

  /**
   * @return the scan, or null when the tree path must read the body
   */
  static BatchScan of(byte[] body, StreamingEventValidator validator) {
    List<Event> events = null;
    try (JsonParser p = Json.strictParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        boolean isBatch = "batch".equals(p.currentName());
        JsonToken value = p.nextToken();
        if (!isBatch) {
          p.skipChildren();
          continue;
        }
        if (value != JsonToken.START_ARRAY) {
          return null;
        }
        events = new ArrayList<>();
        JsonToken element;
        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
          if (events.size() == IngestService.MAX_BATCH) {
            return null;
          }
          int start = (int) p.currentTokenLocation().getByteOffset();
          StreamingEventValidator.Checked checked;
          if (element == JsonToken.START_OBJECT) {
            checked = validator.check(p);
          } else {
            p.skipChildren();
            checked = StreamingEventValidator.Checked.UNCERTAIN;
          }
          p.finishToken();
          int end = (int) p.currentLocation().getByteOffset();
          events.add(new Event(start, end, checked));
        }
      }
      if (p.nextToken() != null) {
        return null;
      }
    } catch (JacksonException e) {
      return null;
    }
    return events == null || events.isEmpty() ? null : new BatchScan(List.copyOf(events));
  }
}
