package dev.userwhisperer.core.ingest;

import dev.userwhisperer.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * The events of one request body, either a single event object or Segment's {@code
 * {"batch":[...]}}, each with its JSON pointer and its original text as sent.
 */
record Envelope(boolean batch, List<JsonNode> events, List<String> texts) {

  /** A body whose shape is wrong as a whole: the request is refused, no event is looked at. */
  static final class Refusal extends Exception {
    final int status;
    final ApiError error;

    Refusal(int status, ApiError error) {
      super(error.message(), null, false, false);
      this.status = status;
      this.error = error;
    }
  }

  /**
   * @param root the parsed body
   * @param body the same body's bytes, to cut each event's original text from
   * @throws Refusal 400 {@code invalid_body} or 413 {@code batch_too_large}
   */
  static Envelope of(JsonNode root, byte[] body) throws Refusal {
    if (root == null || !root.isObject()) {
      throw new Refusal(
          400,
          ApiError.of(
              "invalid_body", "the body must be one event object or {\"batch\": [events]}"));
    }
    JsonNode batch = root.get("batch");
    if (batch == null) {
      return new Envelope(
          false, List.of(root), List.of(new String(body, StandardCharsets.UTF_8).strip()));
    }
    if (!batch.isArray() || batch.isEmpty()) {
      throw new Refusal(
          400,
          new ApiError(
              "invalid_body",
              "batch must be an array of 1 to " + IngestService.MAX_BATCH + " events",
              "/batch"));
    }
    if (batch.size() > IngestService.MAX_BATCH) {
      throw new Refusal(
          413,
          new ApiError(
              "batch_too_large",
              "batch has "
                  + batch.size()
                  + " events; at most "
                  + IngestService.MAX_BATCH
                  + " are accepted per request",
              "/batch"));
    }
    List<JsonNode> events = new ArrayList<>(batch.size());
    batch.forEach(events::add);
    List<String> texts = batchTexts(body);
    if (texts.size() != events.size()) {
      texts = events.stream().map(Json::encodeToString).toList();
    }
    return new Envelope(true, events, texts);
  }

  String pointer(int index) {
    return batch ? "/batch/" + index : "";
  }

  String text(int index) {
    return texts.get(index);
  }

  /** Cuts each element of the top-level {@code batch} array out of the body, byte for byte. */
  static List<String> batchTexts(byte[] body) {
    List<String> texts = new ArrayList<>();
    try (JsonParser parser = Json.mapper().createParser(body)) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        boolean isBatch = "batch".equals(parser.currentName());
        JsonToken value = parser.nextToken();
        if (!isBatch || value != JsonToken.START_ARRAY) {
          parser.skipChildren();
          continue;
        }
        texts.clear();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          int start = (int) parser.currentTokenLocation().getByteOffset();
          parser.skipChildren();
          parser.finishToken();
          int end = (int) parser.currentLocation().getByteOffset();
          texts.add(new String(body, start, end - start, StandardCharsets.UTF_8));
        }
      }
    }
    return texts;
  }
}
