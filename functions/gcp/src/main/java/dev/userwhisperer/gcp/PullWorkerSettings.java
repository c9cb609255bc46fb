package dev.userwhisperer.gcp;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.function.Function;

/**
 * How the analyze pull worker ({@link EventsPullWorker}) reads {@code events}. Terraform sets each
 * as an environment variable (terraform/modules/analyze_worker); the defaults and their reasons are
 * in docs/deploy.md, "The analyze pull worker".
 *
 * @param subscription the pull subscription of {@code events}, with a dead-letter policy
 * @param window the quiet time that closes a user's window: its batches are analyzed once the user
 *     has sent nothing for this long, so that a visit whose events come closer together than this
 *     is merged into one profile transaction (docs/cost.md)
 * @param maxHold how long a user's first held batch waits at most, however long the user keeps
 *     sending: the latency the merge adds to signals at worst
 * @param parallelism user groups analyzed at once (each waits mostly on Firestore and BigQuery)
 * @param maxOutstandingMessages messages held or in analysis at most; the subscriber stops pulling
 *     at this bound (flow control), and at {@value #EARLY_FLUSH_PERCENT} % of it the oldest windows
 *     close early, down to half as many held
 * @param maxOutstandingBytes the same bound in bytes of message data
 * @param maxEventsPerUser events merged into one batch at most; a fuller group is analyzed at once
 * @param shutdownTimeout how long a stop waits for held messages to be analyzed and acknowledged
 *     (Cloud Run gives 10 s after SIGTERM)
 * @param leaseExtension how far each extension of a held message's ack deadline reaches: after a
 *     crash, what the crashed instance held is redelivered within it; and how long past the window
 *     a message is kept from redelivery while it is analyzed
 */
record PullWorkerSettings(
    String subscription,
    Duration window,
    Duration maxHold,
    int parallelism,
    long maxOutstandingMessages,
    long maxOutstandingBytes,
    int maxEventsPerUser,
    Duration shutdownTimeout,
    Duration leaseExtension) {

  static final String SUBSCRIPTION = "whisperer.worker.subscription";
  static final String WINDOW = "whisperer.worker.merge-window";
  static final String MAX_HOLD = "whisperer.worker.max-hold";
  static final String PARALLELISM = "whisperer.worker.parallelism";
  static final String MAX_MESSAGES = "whisperer.worker.max-outstanding-messages";
  static final String MAX_BYTES = "whisperer.worker.max-outstanding-bytes";
  static final String MAX_EVENTS_PER_USER = "whisperer.worker.max-events-per-user";

  static final String DEFAULT_SUBSCRIPTION = "events.analyze";
  static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
  static final Duration DEFAULT_MAX_HOLD = Duration.ofMinutes(5);
  static final int DEFAULT_PARALLELISM = 32;
  static final long DEFAULT_MAX_MESSAGES = 100_000;
  static final long DEFAULT_MAX_BYTES = 128L * 1024 * 1024;

  /** Half the profile's memory of applied ids (512): a merged batch's redelivery stays harmless. */
  static final int DEFAULT_MAX_EVENTS_PER_USER = 256;

  static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(8);
  static final Duration DEFAULT_LEASE_EXTENSION = Duration.ofSeconds(60);
  static final int EARLY_FLUSH_PERCENT = 80;

  PullWorkerSettings {
    Objects.requireNonNull(subscription, "subscription");
    if (subscription.isBlank()) {
      throw new IllegalArgumentException(SUBSCRIPTION + " must name a subscription");
    }
    if (window.isNegative() || window.isZero() || window.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException(
          WINDOW
              + " must lie within (0, 10 min] (the ack deadline is extended meanwhile): "
              + window);
    }
    if (maxHold.compareTo(window) < 0 || maxHold.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException(
          MAX_HOLD
              + " must lie within ["
              + WINDOW
              + ", 10 min] (the ack deadline is extended meanwhile): "
              + maxHold);
    }
    if (parallelism < 1 || maxOutstandingMessages < 1 || maxOutstandingBytes < 1) {
      throw new IllegalArgumentException(
          "parallelism and the outstanding bounds must be positive: "
              + parallelism
              + ", "
              + maxOutstandingMessages
              + ", "
              + maxOutstandingBytes);
    }
    if (maxEventsPerUser < 1 || maxEventsPerUser > 500) {
      throw new IllegalArgumentException(
          MAX_EVENTS_PER_USER
              + " must lie within [1, 500], below the profile's 512 applied ids: "
              + maxEventsPerUser);
    }
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    if (leaseExtension.compareTo(Duration.ofSeconds(10)) < 0
        || leaseExtension.compareTo(Duration.ofSeconds(600)) > 0) {
      throw new IllegalArgumentException(
          "the lease extension must lie within [10 s, 600 s], Pub/Sub's ack deadlines: "
              + leaseExtension);
    }
  }

  /** The defaults, on {@code subscription}. */
  static PullWorkerSettings defaults(String subscription) {
    return new PullWorkerSettings(
        subscription,
        DEFAULT_WINDOW,
        DEFAULT_MAX_HOLD,
        DEFAULT_PARALLELISM,
        DEFAULT_MAX_MESSAGES,
        DEFAULT_MAX_BYTES,
        DEFAULT_MAX_EVENTS_PER_USER,
        DEFAULT_SHUTDOWN_TIMEOUT,
        DEFAULT_LEASE_EXTENSION);
  }

  /**
   * The settings of the properties above ({@code WHISPERER_WORKER_*} in the environment), each
   * defaulting when absent or blank.
   *
   * @throws IllegalArgumentException naming the property whose value is not of its kind
   */
  static PullWorkerSettings from(Function<String, String> properties) {
    return new PullWorkerSettings(
        text(properties, SUBSCRIPTION, DEFAULT_SUBSCRIPTION),
        duration(properties, WINDOW, DEFAULT_WINDOW),
        duration(properties, MAX_HOLD, DEFAULT_MAX_HOLD),
        (int) number(properties, PARALLELISM, DEFAULT_PARALLELISM),
        number(properties, MAX_MESSAGES, DEFAULT_MAX_MESSAGES),
        number(properties, MAX_BYTES, DEFAULT_MAX_BYTES),
        (int) number(properties, MAX_EVENTS_PER_USER, DEFAULT_MAX_EVENTS_PER_USER),
        DEFAULT_SHUTDOWN_TIMEOUT,
        DEFAULT_LEASE_EXTENSION);
  }

  /** These settings with the quiet time {@code window}, held at most as long as it if longer. */
  PullWorkerSettings withWindow(Duration window) {
    return new PullWorkerSettings(
        subscription,
        window,
        maxHold.compareTo(window) < 0 ? window : maxHold,
        parallelism,
        maxOutstandingMessages,
        maxOutstandingBytes,
        maxEventsPerUser,
        shutdownTimeout,
        leaseExtension);
  }

  /** The held messages at which a window closes before its time. */
  long earlyFlushAt() {
    return Math.max(1, maxOutstandingMessages * EARLY_FLUSH_PERCENT / 100);
  }

  private static String text(Function<String, String> properties, String name, String fallback) {
    String value = properties.apply(name);
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  private static Duration duration(
      Function<String, String> properties, String name, Duration fallback) {
    String value = text(properties, name, null);
    try {
      return value == null ? fallback : Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + " is not an ISO-8601 duration (e.g. PT30S): " + value, e);
    }
  }

  private static long number(Function<String, String> properties, String name, long fallback) {
    String value = text(properties, name, null);
    try {
      return value == null ? fallback : Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not a whole number: " + value, e);
    }
  }
}
