package dev.userwhisperer.local.bus;

import java.time.Duration;
import java.util.Objects;

/**
 * How the local bus delivers.
 *
 * @param workersPerTopic threads per subscribed topic; ordering keys are spread over them by hash
 * @param batchSize messages a worker claims at once
 * @param minBackoff delay before the second delivery of a failed message
 * @param maxBackoff the delay never grows beyond this
 * @param backoffMultiplier growth of the delay per failed delivery
 * @param maxAttempts deliveries before a message is dead-lettered
 * @param idlePoll longest time an idle worker waits before looking again (publishes wake it sooner)
 */
public record BusConfig(
    int workersPerTopic,
    int batchSize,
    Duration minBackoff,
    Duration maxBackoff,
    double backoffMultiplier,
    int maxAttempts,
    Duration idlePoll) {

  /** Pub/Sub's retry policy shape, scaled for one machine: 1 s doubling up to 60 s, 5 attempts. */
  public static final BusConfig DEFAULT =
      new BusConfig(
          2, 64, Duration.ofSeconds(1), Duration.ofSeconds(60), 2.0, 5, Duration.ofSeconds(1));

  public BusConfig {
    Objects.requireNonNull(minBackoff, "minBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(idlePoll, "idlePoll");
    if (workersPerTopic < 1 || batchSize < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException(
          "workersPerTopic, batchSize and maxAttempts must be positive");
    }
    if (minBackoff.isNegative()
        || maxBackoff.compareTo(minBackoff) < 0
        || backoffMultiplier < 1.0) {
      throw new IllegalArgumentException(
          "need 0 <= minBackoff <= maxBackoff and backoffMultiplier >= 1");
    }
    if (idlePoll.isNegative() || idlePoll.isZero()) {
      throw new IllegalArgumentException("idlePoll must be positive");
    }
  }

  /** The delay after the {@code attempt}-th failed delivery (1-based). */
  public Duration backoff(int attempt) {
    double millis = minBackoff.toMillis() * Math.pow(backoffMultiplier, Math.max(0, attempt - 1));
    return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) millis);
  }

  public BusConfig withWorkersPerTopic(int workers) {
    return new BusConfig(
        workers, batchSize, minBackoff, maxBackoff, backoffMultiplier, maxAttempts, idlePoll);
  }

  public BusConfig withBackoff(Duration min, Duration max, double multiplier) {
    return new BusConfig(workersPerTopic, batchSize, min, max, multiplier, maxAttempts, idlePoll);
  }

  public BusConfig withMaxAttempts(int attempts) {
    return new BusConfig(
        workersPerTopic, batchSize, minBackoff, maxBackoff, backoffMultiplier, attempts, idlePoll);
  }

  public BusConfig withIdlePoll(Duration poll) {
    return new BusConfig(
        workersPerTopic, batchSize, minBackoff, maxBackoff, backoffMultiplier, maxAttempts, poll);
  }
}
