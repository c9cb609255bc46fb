package dev.userwhisperer.core.json;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where pipeline messages and API bodies are turned into JSON and back: ISO-8601
 * instants, unknown fields ignored on read (so an older reader accepts a newer writer's message).
 */
public final class Json {
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  /** For bodies from outside: a key given twice is an error, not "the last one wins". */
  private static final JsonMapper STRICT =
      MAPPER.rebuild().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private Json() {}

  public static JsonMapper mapper() {
    return MAPPER;
  }

  public static byte[] encode(Object value) {
    return MAPPER.writeValueAsBytes(value);
  }

  public static String encodeToString(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  /**
   * @throws MalformedJson when the bytes are not JSON of that shape
   */
  public static <T> T decode(byte[] json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JacksonException e) {
      throw new MalformedJson(e.getOriginalMessage(), e);
    }
  }

  /**
   * @throws MalformedJson when the bytes are not JSON
   */
  public static JsonNode tree(byte[] json) {
    try {
      return MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new MalformedJson(e.getOriginalMessage(), e);
    }
  }

  /**
   * Parses a body sent by a client: duplicate keys are refused, and the message of a refusal names
   * the problem and where it is, never the parser's own classes or settings.
   *
   * @throws MalformedJson when the bytes are not JSON, or an object repeats a key
   */
  public static JsonNode strictTree(byte[] json) {
    try {
      return STRICT.readTree(json);
    } catch (StreamConstraintsException e) {
      throw new MalformedJson(
          "the body exceeds a parser limit (nesting depth, number or string length)", e);
    } catch (JacksonException e) {
      throw new MalformedJson(clientMessage(e), e);
    }
  }

  /**
   * A streaming parser over a body sent by a client, with the limits and the refusal of repeated
   * keys of {@link #strictTree}; it throws {@link JacksonException} where that one throws {@link
   * MalformedJson}.
   */
  public static JsonParser strictParser(byte[] json) {
    return STRICT.createParser(json);
  }

  /** The parser's words without its internals: "(from `StreamReadConstraints...`)" and the like. */
  private static String clientMessage(JacksonException e) {
    String message =
        String.valueOf(e.getOriginalMessage()).replaceAll("\\s*\\(from `[^`]*`\\)", "");
    var location = e.getLocation();
    return location == null || location.getLineNr() < 1
        ? message
        : message + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  public static final class MalformedJson extends RuntimeException {
    public MalformedJson(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
