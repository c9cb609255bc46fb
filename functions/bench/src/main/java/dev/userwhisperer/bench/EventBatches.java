package dev.userwhisperer.bench;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Builds the JSON bodies the load generator posts: realistic event mixes, unique messageIds. */
final class EventBatches {
  private static final String[] TYPES = {
    "page_viewed",
    "feature_used",
    "page_viewed",
    "user_login",
    "feature_used",
    "page_viewed",
    "onboarding_step_completed",
    "error_encountered"
  };

  /** How the load generator makes its messageIds. */
  enum MessageIds {
    /**
     * A random (version 4) UUID per event, as the SDKs and most clients make them: each request's
     * ids land all over the server's dedup index.
     */
    UUID,
    /**
     * {@code <run>-<worker>-<n>}, counting up per worker: each worker appends to one place of the
     * dedup index, kinder to it than real clients are.
     */
    SEQUENTIAL;

    static MessageIds parse(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  private EventBatches() {}

  static String batch(
      String runId, int worker, long sequence, int size, int users, MessageIds ids) {
    StringBuilder json = new StringBuilder(size * 220).append("{\"batch\":[");
    String now = Instant.now().toString();
    for (int i = 0; i < size; i++) {
      long n = sequence * size + i;
      int user = (int) Math.floorMod(n * 2654435761L + worker, users);
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"messageId\":\"");
      if (ids == MessageIds.UUID) {
        json.append(randomUuid());
      } else {
        json.append(runId).append('-').append(worker).append('-').append(n);
      }
      json.append("\",\"type\":\"")
          .append(TYPES[(int) (n % TYPES.length)])
          .append("\",\"userId\":\"load-user-")
          .append(user)
          .append("\",\"timestamp\":\"")
          .append(now)
          .append("\",\"properties\":{\"feature\":\"export\",\"page\":\"/home\"}")
          .append(
              ",\"context\":{\"locale\":\"en-US\",\"timezone\":\"Europe/Paris\",\"appVersion\":\"3.2.1\"}}");
    }
    return json.append("]}").toString();
  }

  /**
   * A version 4 UUID from a non-cryptographic generator: the same shape as {@link
   * UUID#randomUUID()}, without its SecureRandom, which would cost the load generator's share of
   * the two cores.
   */
  static UUID randomUuid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0xC000_0000_0000_0000L)) | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }
}
