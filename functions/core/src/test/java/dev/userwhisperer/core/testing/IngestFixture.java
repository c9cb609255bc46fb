package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.ingest.ApiKeys;
import dev.userwhisperer.core.ingest.EventRateLimiter;
import dev.userwhisperer.core.ingest.IngestRequest;
import dev.userwhisperer.core.ingest.IngestService;
import dev.userwhisperer.core.port.ApiKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link IngestService} on in-memory fakes, with one app and a key allowed to write events.
 * Public fields are the fakes, for tests to inspect.
 */
public final class IngestFixture {
  public static final String APP = "app-1";
  public static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

  public final InMemoryApiKeyStore keys = new InMemoryApiKeyStore();
  public final InMemoryEventBus bus = new InMemoryEventBus();
  public final InMemoryIngestDedup dedup = new InMemoryIngestDedup();
  public final InMemoryQuarantine quarantine = new InMemoryQuarantine();
  public final InMemoryWarehouse warehouse = new InMemoryWarehouse();
  public final MutableClock clock = new MutableClock(NOW);

  /** The rate limiter's real-time ticker, in nanoseconds; tests move it by hand. */
  public final AtomicLong nanos = new AtomicLong();

  public final String key;
  public final IngestService service;
  private final Random random = new Random(42);

  /** A generous rate limit: 1000 events/s, burst 10 000. */
  public IngestFixture() {
    this(1000, 10_000);
  }

  public IngestFixture(double eventsPerSecond, int burst) {
    key = addKey(APP, Set.of(ApiKey.EVENTS_WRITE), null);
    service =
        new IngestService(
            keys,
            new EventRateLimiter(eventsPerSecond, burst, nanos::get),
            bus,
            dedup,
            quarantine,
            warehouse,
            clock);
  }

  /** Stores a new key for {@code appId} and returns it in clear. */
  public String addKey(String appId, Set<String> scopes, Instant revokedAt) {
    String clear = ApiKeys.generate(random);
    keys.save(new ApiKey(ApiKeys.hash(clear), appId, scopes, NOW, revokedAt));
    return clear;
  }

  /** A well-formed request carrying {@code json} with this fixture's key. */
  public IngestRequest post(String json) {
    return new IngestRequest(
        "Bearer " + key, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  /** A valid {@code feature_used} event as JSON. */
  public static String event(String messageId, String userId) {
    return "{\"messageId\":\""
        + messageId
        + "\",\"type\":\"feature_used\",\"userId\":\""
        + userId
        + "\",\"properties\":{\"feature\":\"export\"}}";
  }

  /** {@code {"batch":[...]}} of the given event JSON texts. */
  public static String batch(String... events) {
    return "{\"batch\":[" + String.join(",", events) + "]}";
  }
}
