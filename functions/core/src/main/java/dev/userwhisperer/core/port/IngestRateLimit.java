package dev.userwhisperer.core.port;

/** The per-app limit on events that ingest accepts, counted in events, not requests. */
public interface IngestRateLimit {
  /**
   * Takes {@code events} of the app's allowance if it may.
   *
   * @return 0 when allowed, else the whole seconds (>= 1) after which the same request would be
   * @throws IllegalArgumentException when {@code events} < 1
   * @throws TransientFailure when a shared allowance cannot be read
   */
  long tryAcquire(String appId, int events);
}
