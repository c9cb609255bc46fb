package dev.userwhisperer.gcp;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Precondition;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.WriteResult;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.profile.Profile;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@link ProfileStore} on Firestore: one document {@code apps/{appId}/users/{userId}} per user.
 *
 * <p>The profile is stored as one JSON string ({@value #JSON}) written by the pipeline's one codec,
 * next to a few plain fields for queries and the console ({@value #LIFECYCLE}, {@value
 * #UPDATED_AT}, {@value #LAST_ACTIVE_AT}). Not as nested fields, because: its maps are keyed by
 * whatever event types and traits apps send, and Firestore would index every such key (index-entry
 * limits, and write cost that grows with the user's variety); Firestore cuts instants to
 * microseconds, so fields would not round-trip the record exactly; and a newer profile version read
 * by an older stage must not fail (the codec ignores unknown fields). Billing is per document, so
 * the choice costs nothing. The {@value #JSON} field should be exempt from indexing (Terraform).
 *
 * <p>The sweep finds due profiles by {@value #NEXT_DUE_AT}, the earliest due time of the profile's
 * scheduled checks (absent when none, so the profile is not in the index), and {@value
 * #SWEEP_SHARD}: a collection-group query on {@code users} over every app, served by the composite
 * index ({@value #SWEEP_SHARD}, {@value #NEXT_DUE_AT}) that Terraform creates. The single-field
 * index on {@value #NEXT_DUE_AT} is exempted: nearly every profile write moves it forward, and
 * without the shard before it those index writes would all land in one key range.
 */
final class FirestoreProfileStore implements ProfileStore {
  static final String JSON = "json";
  static final String LIFECYCLE = "lifecycle";
  static final String UPDATED_AT = "updatedAt";
  static final String LAST_ACTIVE_AT = "lastActiveAt";
  static final String MERGED_INTO = "mergedInto";
  static final String NEXT_DUE_AT = "nextDueAt";
  static final String SWEEP_SHARD = "sweepShard";

  /** Profiles found and not yet updated that an instance remembers, the oldest dropped first. */
  static final int REMEMBERED_READS = 1_000;

  /** What a conditional write fails with when another writer got there first. */
  private static final Set<Status.Code> SUPERSEDED =
      Set.of(Status.Code.FAILED_PRECONDITION, Status.Code.NOT_FOUND, Status.Code.ALREADY_EXISTS);

  private final Firestore firestore;
  private final Map<List<String>, Read> reads =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<String>, Read> eldest) {
          return size() > REMEMBERED_READS;
        }
      };

  FirestoreProfileStore(Firestore firestore) {
    this.firestore = firestore;
  }

  /** A profile as {@link #find} read it, and the document's update time then. */
  private record Read(Profile profile, Timestamp updateTime) {}

  /**
   * The stored profile, remembered with the document's update time for an {@link #update} of the
   * same user that follows (decide reads the user, decides, then writes the decision's message).
   */
  @Override
  public Optional<Profile> find(String appId, String userId) {
    DocumentSnapshot snapshot =
        FirestoreCalls.await(
            document(appId, userId).get(), "reading profile " + appId + "/" + userId);
    if (!snapshot.exists()) {
      return Optional.empty();
    }
    Profile profile = decode(snapshot);
    remember(List.of(appId, userId), new Read(profile, snapshot.getUpdateTime()));
    return Optional.of(profile);
  }

  /**
   * Applies {@code change} to the profile this instance last found, when it found it and the change
   * changes it, and writes the result on the condition that the document was not updated since that
   * read: one write and no read. Otherwise, or when another writer got there first, applies it in a
   * Firestore transaction, retried by the client on contention; there a change that leaves the
   * profile as it was (a redelivered batch) writes nothing. So {@code change} may run more than
   * once, as in any transaction.
   */
  @Override
  public Profile update(String appId, String userId, UnaryOperator<Profile> change) {
    DocumentReference document = document(appId, userId);
    Read read = take(List.of(appId, userId));
    if (read != null) {
      Profile next = change.apply(read.profile());
      checkSameUser(next, appId, userId);
      if (!next.equals(read.profile())
          && writeIfUpdatedAt(document, next, read.updateTime()).isPresent()) {
        return next;
      }
    }
    return FirestoreCalls.await(
        firestore.runTransaction(
            transaction -> {
              DocumentSnapshot snapshot = transaction.get(document).get();
              Profile current = snapshot.exists() ? decode(snapshot) : Profile.empty(appId, userId);
              Profile next = change.apply(current);
              checkSameUser(next, appId, userId);
              if (!snapshot.exists() || !next.equals(current)) {
                transaction.set(document, fields(next));
              }
              return next;
            }),
        "updating profile " + appId + "/" + userId);
  }

  private static void checkSameUser(Profile next, String appId, String userId) {
    if (!next.appId().equals(appId) || !next.userId().equals(userId)) {
      throw new IllegalArgumentException(
          "a change must keep the profile's app and user: " + appId + "/" + userId);
    }
  }

  /**
   * Writes {@code profile} if the document was last updated at {@code readAt} (or, when {@code
   * readAt} is null, does not exist).
   *
   * @return the document's new update time; empty when the condition did not hold
   */
  static Optional<Timestamp> writeIfUpdatedAt(
      DocumentReference document, Profile profile, Timestamp readAt) {
    String what = "writing profile " + profile.appId() + "/" + profile.userId();
    try {
      WriteResult result =
          readAt == null
              ? FirestoreCalls.await(document.create(fields(profile)), what)
              : FirestoreCalls.await(
                  document.update(replacing(profile), Precondition.updatedAt(readAt)), what);
      return Optional.of(result.getUpdateTime());
    } catch (RuntimeException e) {
      if (FirestoreCalls.statusCode(e).filter(SUPERSEDED::contains).isPresent()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The profile's fields for an update, which deletes the optional fields the profile lacks. */
  private static Map<String, Object> replacing(Profile profile) {
    Map<String, Object> fields = new HashMap<>(fields(profile));
    fields.putIfAbsent(MERGED_INTO, FieldValue.delete());
    fields.putIfAbsent(NEXT_DUE_AT, FieldValue.delete());
    return fields;
  }

  private synchronized void remember(List<String> key, Read read) {
    reads.put(key, read);
  }

  private synchronized Read take(List<String> key) {
    return reads.remove(key);
  }

  @Override
  public List<String> mergedInto(String appId, String userId) {
    return FirestoreCalls.await(
            users(appId).whereEqualTo(MERGED_INTO, userId).get(),
            "finding the profiles merged into " + appId + "/" + userId)
        .getDocuments()
        .stream()
        .map(d -> decode(d).userId())
        .sorted()
        .toList();
  }

  private CollectionReference users(String appId) {
    return users(firestore, appId);
  }

  private static CollectionReference users(Firestore firestore, String appId) {
    return firestore.collection("apps").document(DocumentIds.escape(appId)).collection("users");
  }

  @Override
  public List<Profile> due(int shard, Instant now, int limit) {
    Query users = firestore.collectionGroup("users");
    if (shard != ANY_SHARD) {
      users = users.whereEqualTo(SWEEP_SHARD, shard);
    }
    return FirestoreCalls.await(
            users
                .whereLessThanOrEqualTo(NEXT_DUE_AT, FirestoreCalls.timestamp(now))
                .orderBy(NEXT_DUE_AT)
                .limit(limit)
                .get(),
            "reading the profiles due at " + now + " in shard " + shard)
        .getDocuments()
        .stream()
        .map(FirestoreProfileStore::decode)
        .toList();
  }

  private DocumentReference document(String appId, String userId) {
    return document(firestore, appId, userId);
  }

  static DocumentReference document(Firestore firestore, String appId, String userId) {
    return users(firestore, appId).document(DocumentIds.escape(userId));
  }

  /** The document's fields for {@code profile}; the optional ones are absent when unset. */
  static Map<String, Object> fields(Profile profile) {
    Map<String, Object> fields = new HashMap<>();
    fields.put(JSON, Json.encodeToString(profile));
    fields.put(LIFECYCLE, profile.lifecycle().name());
    fields.put(UPDATED_AT, FirestoreCalls.timestamp(profile.updatedAt()));
    fields.put(LAST_ACTIVE_AT, FirestoreCalls.timestamp(profile.activity().lastActiveAt()));
    if (profile.mergedInto() != null) {
      fields.put(MERGED_INTO, profile.mergedInto());
    }
    fields.put(SWEEP_SHARD, ProfileStore.sweepShard(profile.appId(), profile.userId()));
    Instant nextDueAt = profile.schedule().nextDueAt();
    if (nextDueAt != null) {
      fields.put(NEXT_DUE_AT, FirestoreCalls.timestamp(nextDueAt));
    }
    return fields;
  }

  static Profile decode(DocumentSnapshot snapshot) {
    return Json.decode(snapshot.getString(JSON).getBytes(StandardCharsets.UTF_8), Profile.class);
  }
}
