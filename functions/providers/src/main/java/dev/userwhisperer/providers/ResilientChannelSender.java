package dev.userwhisperer.providers;

import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ChannelSender;
import dev.userwhisperer.core.port.ProviderUnavailable;
import dev.userwhisperer.core.port.Reconciliation;
import dev.userwhisperer.core.port.SendRejected;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * One provider's sender with the delivery policy around it: a token bucket per app that delays
 * sends to the provider's rate, a circuit breaker that stops calling a provider that keeps failing
 * (the message goes back to the bus, parked, instead of burning attempts on a dead provider), and
 * retries in the call, with jittered exponential backoff and the provider's {@code Retry-After}, of
 * answers that certainly were not accepted. An unknown outcome and a refusal are never retried
 * here. When retries run out, or the wait would exceed {@link Policy#maxWait()}, the failure goes
 * to the deliver stage, which leaves the message to the bus's backoff and dead letters.
 */
final class ResilientChannelSender implements ChannelSender {

  /**
   * @param perSecond sends per second per app (the provider's throughput for a sender)
   * @param burst sends allowed at once before the rate applies
   * @param attempts calls per delivery, the first included
   * @param firstBackoff the backoff before the second call; doubled each time, with full jitter
   * @param maxWait the longest this sender sleeps at once (rate limit or backoff) before handing
   *     the message back to the bus
   */
  record Policy(
      double perSecond, int burst, int attempts, Duration firstBackoff, Duration maxWait) {
    static final Policy DEFAULT =
        new Policy(10, 20, 3, Duration.ofMillis(200), Duration.ofSeconds(30));

    Policy {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
      }
      Objects.requireNonNull(firstBackoff, "firstBackoff");
      Objects.requireNonNull(maxWait, "maxWait");
    }
  }

  /** Sleeps; the tests' fake records instead. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final String provider;
  private final ChannelSender delegate;
  private final Policy policy;
  private final CircuitBreaker breaker;
  private final LongSupplier nanoTime;
  private final DoubleSupplier random;
  private final Sleeper sleeper;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  ResilientChannelSender(
      String provider,
      ChannelSender delegate,
      Policy policy,
      CircuitBreaker breaker,
      LongSupplier nanoTime,
      DoubleSupplier random,
      Sleeper sleeper) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.breaker = Objects.requireNonNull(breaker, "breaker");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.random = Objects.requireNonNull(random, "random");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /**
   * A breaker that opens when half of at least 10 of the last 20 calls failed (429, 5xx, timeouts;
   * a refusal is the message's fault, not the provider's) and tries again after {@code openFor}.
   */
  static CircuitBreaker breaker(String provider, Duration openFor) {
    return CircuitBreaker.of(
        provider,
        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
            .slidingWindowSize(20)
            .minimumNumberOfCalls(10)
            .failureRateThreshold(50)
            .waitDurationInOpenState(openFor)
            .permittedNumberOfCallsInHalfOpenState(2)
            .ignoreExceptions(SendRejected.class)
            .build());
  }

  @Override
  public Delivery send(OutboundMessage message) {
    Duration turn = bucket(message.appId()).reserve(policy.maxWait());
    if (turn == null) {
      throw new ProviderUnavailable(
          provider + " rate limit: no turn within " + policy.maxWait() + "; handed back to the bus",
          policy.maxWait());
    }
    waitFor(turn);
    ProviderUnavailable last = null;
    for (int attempt = 1; attempt <= policy.attempts(); attempt++) {
      if (attempt > 1) {
        waitFor(backoff(attempt, last));
      }
      try {
        return breaker.executeSupplier(() -> delegate.send(message));
      } catch (CallNotPermittedException open) {
        throw new ProviderUnavailable(
            provider + " circuit is open after repeated failures; parked for later", null, open);
      } catch (ProviderUnavailable notAccepted) {
        last = notAccepted;
      }
    }
    throw last;
  }

  @Override
  public Reconciliation reconcile(OutboundMessage message, Instant startedAt) {
    return delegate.reconcile(message, startedAt);
  }

  private TokenBucket bucket(String appId) {
    return buckets.computeIfAbsent(
        appId, a -> new TokenBucket(policy.perSecond(), policy.burst(), nanoTime));
  }

  /** Full jitter over an exponential ceiling, but never sooner than the provider's Retry-After. */
  private Duration backoff(int attempt, ProviderUnavailable last) {
    long ceiling = policy.firstBackoff().toNanos() << Math.min(attempt - 2, 20);
    Duration jittered = Duration.ofNanos((long) (random.getAsDouble() * ceiling));
    Duration retryAfter = last.retryAfter().orElse(Duration.ZERO);
    Duration wait = retryAfter.compareTo(jittered) > 0 ? retryAfter : jittered;
    if (wait.compareTo(policy.maxWait()) > 0) {
      throw last;
    }
    return wait;
  }

  private void waitFor(Duration wait) {
    if (wait.isZero()) {
      return;
    }
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderUnavailable(provider + " send interrupted while waiting", null, e);
    }
  }

  /** Exposed for the breaker's state in tests and metrics. */
  CircuitBreaker.State state() {
    return breaker.getState();
  }
}
