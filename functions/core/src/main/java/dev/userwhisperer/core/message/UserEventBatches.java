package dev.userwhisperer.core.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
   * The JSON of a {@code UserEventBatches} made of {@code batches}, events copied byte for byte.
   */
  public static byte[] encode(String id, String appId, List<RawBatch> batches) {
    int size = 128;
    for (RawBatch b : batches) {
      size += 160;
      for (byte[] e : b.events()) {
        size += e.length + 1;
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(size);
    byte[] app = quoted(appId);
    write(out, "{\"version\":" + VERSION + ",\"id\":");
    out.writeBytes(quoted(id));
    write(out, ",\"appId\":");
    out.writeBytes(app);
    write(out, ",\"batches\":[");
    for (int i = 0; i < batches.size(); i++) {
      RawBatch b = batches.get(i);
      write(out, i == 0 ? "{\"version\":" : ",{\"version\":");
      write(out, UserEventBatch.VERSION + ",\"batchId\":");
      out.writeBytes(quoted(b.batchId()));
      write(out, ",\"appId\":");
      out.writeBytes(app);
      write(out, ",\"userId\":");
      out.writeBytes(quoted(b.userKey()));
      write(out, ",\"events\":[");
      for (int j = 0; j < b.events().size(); j++) {
        if (j > 0) {
          out.write(',');
        }
        out.writeBytes(b.events().get(j));
      }
      write(out, "]}");
    }
    write(out, "]}");
    return out.toByteArray();
  }

  private static byte[] quoted(String text) {
    byte[] inner = JsonStringEncoder.getInstance().quoteAsUTF8(text);
    byte[] quoted = new byte[inner.length + 2];
    quoted[0] = '"';
    System.arraycopy(inner, 0, quoted, 1, inner.length);
    quoted[quoted.length - 1] = '"';
    return quoted;
  }

  private static void write(ByteArrayOutputStream out, String ascii) {
    out.writeBytes(ascii.getBytes(StandardCharsets.US_ASCII));
  }
}
