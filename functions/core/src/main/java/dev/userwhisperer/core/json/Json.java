package dev.userwhisperer.core.json;

import tools.jackson.core.JacksonException;
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

  public static final class MalformedJson extends RuntimeException {
    public MalformedJson(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
