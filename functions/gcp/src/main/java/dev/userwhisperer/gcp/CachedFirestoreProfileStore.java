package dev.userwhisperer.gcp;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.core.profile.Profile;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The analyze pull worker's {@link ProfileStore}: {@link FirestoreProfileStore}'s documents, with
 * the profiles this instance last wrote or read kept in memory, each with the document's update
 * time. Because ingest keys {@code events} by user and the worker's subscription is ordered, a
 * user's batches come to one instance, so an update usually finds the profile here and costs one
 * write and no read (docs/cost.md, "Routing a user's events to one worker").
 *
 * <p>A cached profile never overwrites a newer one: each write carries the update time it was read
 * at as a precondition ({@code Precondition.updatedAt}), and a document that is new to this
 * instance is created only if it does not exist. When the precondition fails, because another
 * writer got there first (the sweep completing a check, an instance that held the user before the
 * key moved, an alias merge, an erasure), the entry is dropped, the document read again and {@code
 * change} applied to what is there, which is what the transaction of {@link
 * FirestoreProfileStore#update} would have done. A redelivered batch changes nothing (the profile
 * remembers its applied ids) and writes nothing.
 *
 * <p>The other methods read Firestore as {@link FirestoreProfileStore} does.
 */
final class CachedFirestoreProfileStore implements ProfileStore {
  /** Writers that got in between, per update, before the update gives up as transient. */
  static final int ATTEMPTS = 5;

  private final Firestore firestore;
  private final FirestoreProfileStore store;
  private final Map<List<String>, Cached> cache;

  /**
   * @param capacity profiles kept at most, the least recently used dropped first
   * @throws IllegalArgumentException when {@code capacity} is not positive
   */
  CachedFirestoreProfileStore(Firestore firestore, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.firestore = firestore;
    this.store = new FirestoreProfileStore(firestore);
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<List<String>, Cached> eldest) {
            return size() > capacity;
          }
        };
  }

  /** A profile as this instance last saw it, and the document's update time then. */
  private record Cached(Profile profile, Timestamp updateTime) {}

  @Override
  public Optional<Profile> find(String appId, String userId) {
    return store.find(appId, userId);
  }

  /**
   * Applies {@code change} to the cached profile (or, when there is none, to the document as read)
   * and writes the result on the condition that the document is still the one the profile came
   * from.
   *
   * @throws TransientFailure when other writers superseded the profile {@value #ATTEMPTS} times
   */
  @Override
  public Profile update(String appId, String userId, UnaryOperator<Profile> change) {
    List<String> key = List.of(appId, userId);
    DocumentReference document = FirestoreProfileStore.document(firestore, appId, userId);
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Cached cached = cached(key);
      if (cached == null) {
        cached = read(document, appId, userId);
      }
      Profile current = cached.profile();
      Profile next = change.apply(current);
      if (!next.appId().equals(appId) || !next.userId().equals(userId)) {
        throw new IllegalArgumentException(
            "a change must keep the profile's app and user: " + appId + "/" + userId);
      }
      if (cached.updateTime() != null && next.equals(current)) {
        remember(key, cached);
        return next;
      }
      Optional<Timestamp> written =
          FirestoreProfileStore.writeIfUpdatedAt(document, next, cached.updateTime());
      if (written.isPresent()) {
        remember(key, new Cached(next, written.get()));
        return next;
      }
      forget(key);
    }
    throw new TransientFailure(
        "profile " + appId + "/" + userId + " superseded by other writers " + ATTEMPTS + " times");
  }

  /** The profiles held in memory. */
  synchronized int size() {
    return cache.size();
  }

  private Cached read(DocumentReference document, String appId, String userId) {
    DocumentSnapshot snapshot =
        FirestoreCalls.await(document.get(), "reading profile " + appId + "/" + userId);
    return snapshot.exists()
        ? new Cached(FirestoreProfileStore.decode(snapshot), snapshot.getUpdateTime())
        : new Cached(Profile.empty(appId, userId), null);
  }

  private synchronized Cached cached(List<String> key) {
    return cache.get(key);
  }

  private synchronized void remember(List<String> key, Cached cached) {
    cache.put(key, cached);
  }

  private synchronized void forget(List<String> key) {
    cache.remove(key);
  }

  @Override
  public List<String> mergedInto(String appId, String userId) {
    return store.mergedInto(appId, userId);
  }

  @Override
  public List<Profile> due(int shard, Instant now, int limit) {
    return store.due(shard, now, limit);
  }
}
