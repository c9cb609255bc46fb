package dev.userwhisperer.gcp;

import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.profile.ArmCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * An instance's copy of each app's arm counts, read again once it is {@link #MAX_AGE} old. Decide
 * reads the app-wide counts on every decision; on Firestore that is {@value
 * FirestoreArmStatistics#SHARDS} document reads each time, for counts that an app's traffic moves
 * by a fraction of a percent in half a minute and that the hierarchical prior shrinks to a strength
 * of ten messages anyway. Increments go straight through: an instance may see its own outcomes up
 * to {@link #MAX_AGE} late, no outcome is lost. The age is measured in real time (a monotonic
 * ticker), not on the platform clock: it bounds staleness and cost, not event time. A copy is of
 * one window: a read as of another week reads again.
 */
final class CachedArmStatistics implements ArmStatistics {
  static final Duration MAX_AGE = Duration.ofSeconds(30);

  private record Read(Map<String, ArmCounts> counts, long week, long atNanos) {}

  private final ArmStatistics store;
  private final LongSupplier nanoTicker;
  private final long maxAgeNanos;
  private final Map<String, Read> reads = new ConcurrentHashMap<>();

  CachedArmStatistics(ArmStatistics store, LongSupplier nanoTicker, Duration maxAge) {
    this.store = Objects.requireNonNull(store, "store");
    this.nanoTicker = Objects.requireNonNull(nanoTicker, "nanoTicker");
    this.maxAgeNanos = maxAge.toNanos();
  }

  @Override
  public Map<String, ArmCounts> counts(String appId, Instant asOf) {
    long now = nanoTicker.getAsLong();
    long week = ArmStatistics.weekOf(asOf);
    Read read = reads.get(appId);
    if (read == null || read.week() != week || now - read.atNanos() >= maxAgeNanos) {
      read = new Read(store.counts(appId, asOf), week, now);
      reads.put(appId, read);
    }
    return read.counts();
  }

  @Override
  public void add(String appId, Map<String, ArmCounts> increments, Instant settledAt) {
    store.add(appId, increments, settledAt);
  }
}
