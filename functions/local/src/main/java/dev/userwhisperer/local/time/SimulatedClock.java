package dev.userwhisperer.local.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The platform's clock in the local runner: a base clock plus an offset that only grows. Over the
 * system clock it runs in real time; over a fixed clock it moves only when advanced. Advancing it
 * (admin API) lets a test or a simulation see days of scheduled work happen in seconds.
 */
public final class SimulatedClock extends Clock {
  private final Clock base;
  private volatile Duration offset = Duration.ZERO;

  public SimulatedClock(Clock base) {
    this.base = base;
  }

  /** A clock that reads {@code start} now and runs on from there at {@code base}'s pace. */
  public SimulatedClock(Clock base, Instant start) {
    this.base = base;
    this.offset = Duration.between(base.instant(), start);
  }

  /**
   * Moves the clock forward.
   *
   * @throws IllegalArgumentException if {@code by} is negative: event time never runs backwards
   */
  public synchronized Instant advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("the clock only moves forward");
    }
    offset = offset.plus(by);
    return instant();
  }

  public Duration offset() {
    return offset;
  }

  @Override
  public Instant instant() {
    return base.instant().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the platform clock is always UTC");
  }
}
