package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.learn.UpliftEstimator;
import dev.userwhisperer.core.port.EffectSpread;
import dev.userwhisperer.core.port.UpliftTable;
import dev.userwhisperer.core.port.UpliftTableStore;
import dev.userwhisperer.core.profile.Profile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The {@link LearnedUpliftModel} over the stored {@link UpliftTable}, reloaded at most once per
 * {@code maxAge}: the table changes once a day, and decide should not read the store per signal.
 * The first call loads; a failed load is thrown to the caller (a transient one, so the signal is
 * retried) and the next call tries again.
 */
public final class CachedUpliftModel implements UpliftModel {
  /** How long decide may use a table before it looks for a newer one. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);

  private final UpliftTableStore store;
  private final UpliftModel prior;
  private final UpliftEstimator estimator;
  private final Clock clock;
  private final Duration maxAge;
  private volatile Loaded loaded;

  private record Loaded(LearnedUpliftModel model, Instant at) {}

  public CachedUpliftModel(
      UpliftTableStore store,
      UpliftModel prior,
      UpliftEstimator estimator,
      Clock clock,
      Duration maxAge) {
    this.store = Objects.requireNonNull(store, "store");
    this.prior = Objects.requireNonNull(prior, "prior");
    this.estimator = Objects.requireNonNull(estimator, "estimator");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge must not be negative, was " + maxAge);
    }
    this.maxAge = maxAge;
  }

  @Override
  public double uplift(String interventionId, Profile profile) {
    return current().uplift(interventionId, profile);
  }

  @Override
  public PredictedEffect predict(String interventionId, Profile profile, Instant at) {
    return current().predict(interventionId, profile, at);
  }

  @Override
  public EffectSpread spread(String appId) {
    return current().spread(appId);
  }

  private LearnedUpliftModel current() {
    Instant now = clock.instant();
    Loaded snapshot = loaded;
    if (snapshot != null && fresh(snapshot, now)) {
      return snapshot.model();
    }
    synchronized (this) {
      snapshot = loaded;
      if (snapshot == null || !fresh(snapshot, now)) {
        snapshot = new Loaded(new LearnedUpliftModel(store.load(), prior, estimator), now);
        loaded = snapshot;
      }
      return snapshot.model();
    }
  }

  /** Fresh while younger than maxAge; a clock that moved back leaves the table as it is. */
  private boolean fresh(Loaded snapshot, Instant now) {
    return now.isBefore(snapshot.at().plus(maxAge));
  }
}
