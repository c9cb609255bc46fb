package dev.userwhisperer.core.message;

import java.util.List;
import java.util.Objects;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * The user batches of one ingest request as one message on the {@code events} topic, so that a
 * request costs the bus one row rather than one per user. Its consumer applies the batches one by
 * one, in order, exactly as if each had come as its own {@link UserEventBatch}; its ordering key is
 * the app, so that two requests' batches of one user are still applied in the order they were
 * accepted.
 *
 * <p>{@link #encode} writes it from the events' JSON as ingest cut it from the request, without
 * parsing and re-serialising them; {@code Json.decode(data, UserEventBatches.class)} reads it.
 */
public record UserEventBatches(int version, String id, String appId, List<UserEventBatch> batches)
    implements PipelineMessage {

  public static final int VERSION = 1;

  private static final String HEAD = "{\"version\":" + VERSION + ",\"id\":";
  private static final String BATCH_START =
      "{\"version\":" + UserEventBatch.VERSION + ",\"batchId\":";
  private static final String NEXT_BATCH_START = "," + BATCH_START;

  public UserEventBatches {
    if (version != VERSION) {
      throw new IllegalArgumentException("unsupported UserEventBatches version " + version);
    }
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(appId, "appId");
    if (batches == null || batches.isEmpty()) {
      throw new IllegalArgumentException("a message has at least one batch");
    }
    for (UserEventBatch b : batches) {
      if (!b.appId().equals(appId)) {
        throw new IllegalArgumentException("batch " + b.batchId() + " is of another app");
      }
    }
    batches = List.copyOf(batches);
  }

  @Override
  public String topic() {
    return Topics.EVENTS;
  }

  /** Many users: none in particular. */
  @Override
  public String userId() {
    return "*";
  }

  @Override
  public String orderingKey() {
    return appId;
  }

  /** One user's events as JSON texts, each an {@link Event} as {@code Json} writes it. */
  public record RawBatch(String batchId, String userKey, List<byte[]> events) {
    public RawBatch {
      Objects.requireNonNull(batchId, "batchId");
      Objects.requireNonNull(userKey, "userKey");
      if (events.isEmpty()) {
        throw new IllegalArgumentException("a batch has at least one event");
      }
    }
  }

  /**
   * The JSON of a {@code UserEventBatches} made of {@code batches}, events copied byte for byte,
   * into an array of exactly its size.
   */
  public static byte[] encode(String id, String appId, List<RawBatch> batches) {
    Writer sizing = new Writer(null);
    write(sizing, id, appId, batches);
    Writer out = new Writer(new byte[sizing.at]);
    write(out, id, appId, batches);
    return out.bytes;
  }

  private static void write(Writer out, String id, String appId, List<RawBatch> batches) {
    out.ascii(HEAD);
    out.quoted(id);
    out.ascii(",\"appId\":");
    out.quoted(appId);
    out.ascii(",\"batches\":[");
    for (int i = 0; i < batches.size(); i++) {
      RawBatch b = batches.get(i);
      out.ascii(i == 0 ? BATCH_START : NEXT_BATCH_START);
      out.quoted(b.batchId());
      out.ascii(",\"appId\":");
      out.quoted(appId);
      out.ascii(",\"userId\":");
      out.quoted(b.userKey());
      out.ascii(",\"events\":[");
      for (int j = 0; j < b.events().size(); j++) {
        if (j > 0) {
          out.ascii(",");
        }
        out.raw(b.events().get(j));
      }
      out.ascii("]}");
    }
    out.ascii("]}");
  }

  /**
   * Writes into {@code bytes}, or only counts when it is null (the first of the two passes). Its
   * text is ASCII only, which the deprecated {@code String.getBytes(int, int, byte[], int)} copies
   * without an intermediate array.
   */
  @SuppressWarnings("deprecation")
  private static final class Writer {
    final byte[] bytes;
    int at;

    Writer(byte[] bytes) {
      this.bytes = bytes;
    }

    void ascii(String text) {
      if (bytes != null) {
        text.getBytes(0, text.length(), bytes, at);
      }
      at += text.length();
    }

    void raw(byte[] json) {
      if (bytes != null) {
        System.arraycopy(json, 0, bytes, at, json.length);
      }
      at += json.length;
    }

    /**
     * A JSON string: as is when it is printable ASCII needing no escape, else as Jackson quotes.
     */
    void quoted(String text) {
      if (!plain(text)) {
        byte[] inner = JsonStringEncoder.getInstance().quoteAsUTF8(text);
        ascii("\"");
        raw(inner);
        ascii("\"");
        return;
      }
      if (bytes != null) {
        bytes[at] = '"';
        text.getBytes(0, text.length(), bytes, at + 1);
        bytes[at + 1 + text.length()] = '"';
      }
      at += text.length() + 2;
    }

    private static boolean plain(String text) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
          return false;
        }
      }
      return true;
    }
  }
}
