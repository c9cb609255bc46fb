package dev.userwhisperer.gcp;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.profile.Profile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  private final Firestore firestore;

  FirestoreProfileStore(Firestore firestore) {
    this.firestore = firestore;
  }

  @Override
  public Optional<Profile> find(String appId, String userId) {
    DocumentSnapshot snapshot =
        FirestoreCalls.await(
            document(appId, userId).get(), "reading profile " + appId + "/" + userId);
    return snapshot.exists() ? Optional.of(decode(snapshot)) : Optional.empty();
  }

  /**
   * Applies {@code change} in a Firestore transaction, retried by the client on contention. A
   * change that leaves the profile as it was (a redelivered batch) writes nothing.
   */
  @Override
  public Profile update(String appId, String userId, UnaryOperator<Profile> change) {
    DocumentReference document = document(appId, userId);
    return FirestoreCalls.await(
        firestore.runTransaction(
            transaction -> {
              DocumentSnapshot snapshot = transaction.get(document).get();
              Profile current = snapshot.exists() ? decode(snapshot) : Profile.empty(appId, userId);
              Profile next = change.apply(current);
              if (!next.appId().equals(appId) || !next.userId().equals(userId)) {
                throw new IllegalArgumentException(
                    "a change must keep the profile's app and user: " + appId + "/" + userId);
              }
              if (!snapshot.exists() || !next.equals(current)) {
                transaction.set(document, fields(next));
              }
              return next;
            }),
        "updating profile " + appId + "/" + userId);
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
