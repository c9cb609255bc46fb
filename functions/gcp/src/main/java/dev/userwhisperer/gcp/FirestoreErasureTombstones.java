package dev.userwhisperer.gcp;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.QuerySnapshot;
import dev.userwhisperer.core.port.ErasureTombstones;
import dev.userwhisperer.core.port.PersonalDataStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The erasure tombstones on Google Cloud: {@code erasure_tombstones/{sha256(appId, userId)}} with
 * {@value #ERASED_AT} (the erasure's time), {@value #RECORDED_AT} (the server's time of the write)
 * and {@value #EXPIRE_AT} ({@link #RETENTION} after the erasure, the field of the TTL policy that
 * Terraform sets); no user id.
 *
 * <p>Read without a Firestore read per batch: each instance keeps every live tombstone in memory
 * and, when a batch asks and its copy is older than {@code visibleWithin}, first reads the
 * tombstones recorded since its last read (one query: one read, plus one per tombstone it returns;
 * at start, every tombstone of the last {@link #RETENTION}). As a {@link PersonalDataStore} it
 * writes the tombstone and then waits {@code visibleWithin} before the erasure goes on to delete,
 * so that every instance that checks a batch after the deletes has read the tombstone first.
 */
final class FirestoreErasureTombstones implements ErasureTombstones, PersonalDataStore {
  static final String COLLECTION = "erasure_tombstones";
  static final String ERASED_AT = "erasedAt";
  static final String RECORDED_AT = "recordedAt";
  static final String EXPIRE_AT = "expireAt";

  /**
   * How long a tombstone is kept: events accepted before an erasure can still be delivered while
   * Pub/Sub keeps them, up to 7 days in the analyze worker's subscription of {@code events}
   * (Eventarc's subscriptions keep 24 h), then up to 7 days more in {@code events.dead-letter}'s
   * hold subscription, from which they may be replayed; and a day's margin.
   */
  static final Duration RETENTION = Duration.ofDays(15);

  /**
   * How far before its last read time each read looks again: a tombstone's server time is taken
   * when the write is processed, and it may be committed (visible) a moment after a read whose time
   * is later.
   */
  static final Duration OVERLAP = Duration.ofMinutes(1);

  /** How stale an instance's copy may be, and so how long an erasure waits before it deletes. */
  static final Duration VISIBLE_WITHIN = Duration.ofSeconds(2);

  /** Waits; {@link Thread#sleep} in production. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final Firestore firestore;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final Duration visibleWithin;
  private final Sleeper sleeper;
  private final Map<String, Instant> erased = new ConcurrentHashMap<>();
  private Timestamp readUpTo;
  private long readAtNanos;
  private long reads;

  /**
   * @param clock the platform's clock, for the tombstone's expiry
   * @param nanoTime a monotonic ticker, for the age of this instance's copy
   */
  FirestoreErasureTombstones(
      Firestore firestore,
      Clock clock,
      LongSupplier nanoTime,
      Duration visibleWithin,
      Sleeper sleeper) {
    this.firestore = Objects.requireNonNull(firestore, "firestore");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.visibleWithin = Objects.requireNonNull(visibleWithin, "visibleWithin");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /** The functions' tombstones: real time, {@link #VISIBLE_WITHIN}. */
  static FirestoreErasureTombstones of(Firestore firestore, Clock clock) {
    return new FirestoreErasureTombstones(
        firestore, clock, System::nanoTime, VISIBLE_WITHIN, d -> Thread.sleep(d.toMillis()));
  }

  /**
   * @throws dev.userwhisperer.core.port.TransientFailure when the copy is stale and Firestore
   *     cannot be read: the batch is retried rather than applied unchecked
   */
  @Override
  public Optional<Instant> erasedAt(String appId, String userId) {
    refreshIfStale();
    return Optional.ofNullable(erased.get(DocumentIds.hashed(appId, userId)));
  }

  /**
   * Records the tombstone, then waits until every instance's copy holds it.
   *
   * @return nothing: it removes nothing, so it adds no line to the receipt
   */
  @Override
  public List<Erased> erase(ErasureScope scope) {
    Instant at = scope.erasedAt();
    FirestoreCalls.await(
        tombstones()
            .document(DocumentIds.hashed(scope.appId(), scope.userId()))
            .set(
                Map.of(
                    ERASED_AT,
                    FirestoreCalls.timestamp(at),
                    RECORDED_AT,
                    FieldValue.serverTimestamp(),
                    EXPIRE_AT,
                    FirestoreCalls.timestamp(at.plus(RETENTION)))),
        "recording the erasure tombstone of " + scope.erasureId());
    try {
      sleeper.sleep(visibleWithin);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted before the tombstone was visible", e);
    }
    return List.of();
  }

  /** The queries this instance has run to read tombstones. */
  synchronized long reads() {
    return reads;
  }

  private synchronized void refreshIfStale() {
    long now = nanoTime.getAsLong();
    if (readUpTo != null && now - readAtNanos < visibleWithin.toNanos()) {
      return;
    }
    Instant oldest = clock.instant().minus(RETENTION);
    Timestamp since =
        readUpTo == null
            ? FirestoreCalls.timestamp(oldest)
            : FirestoreCalls.timestamp(FirestoreCalls.instant(readUpTo).minus(OVERLAP));
    QuerySnapshot recorded =
        FirestoreCalls.await(
            tombstones().whereGreaterThan(RECORDED_AT, since).get(),
            "reading the erasure tombstones");
    reads++;
    for (QueryDocumentSnapshot tombstone : recorded.getDocuments()) {
      Timestamp at = tombstone.getTimestamp(ERASED_AT);
      if (at != null) {
        erased.merge(tombstone.getId(), FirestoreCalls.instant(at), (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    erased.values().removeIf(at -> at.isBefore(oldest));
    readUpTo = recorded.getReadTime();
    readAtNanos = now;
  }

  private CollectionReference tombstones() {
    return firestore.collection(COLLECTION);
  }
}
