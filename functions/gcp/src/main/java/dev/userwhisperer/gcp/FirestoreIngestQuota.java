package dev.userwhisperer.gcp;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.port.IngestQuota;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * {@link IngestQuota} on Firestore, without a hot document: an app's budget for one second is cut
 * into {@code shards} documents of {@value #COLLECTION} (ids hashed from app, second and shard, so
 * that a new second's documents do not land next to each other in Firestore's key range), each
 * holding {@code limit / shards} events, and a claim takes from a random shard in a transaction,
 * moving on to the next shards while it still wants more. Every document lives for one second of
 * traffic and is then left to the TTL policy on {@value #EXPIRE_AT} (Terraform), so no document
 * takes writes for longer than a second. With the limiter's 20 leases per app per second and 20
 * shards, a shard sees about one write per second.
 */
final class FirestoreIngestQuota implements IngestQuota {
  static final String COLLECTION = "ingest_quota";
  static final String EXPIRE_AT = "expireAt";
  static final String USED = "used";

  /** Shards tried by one claim before it settles for what it got. */
  private static final int TRIES = 3;

  private static final long EXPIRY_SECONDS = 86_400;

  private final Firestore firestore;
  private final int shards;
  private final IntSupplier randomShard;

  /**
   * @param randomShard a uniformly random shard in [0, shards)
   */
  FirestoreIngestQuota(Firestore firestore, int shards, IntSupplier randomShard) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be >= 1: " + shards);
    }
    this.firestore = firestore;
    this.shards = shards;
    this.randomShard = randomShard;
  }

  @Override
  public long claim(String appId, long epochSecond, long events, long limit) {
    int usable = (int) Math.min(shards, limit);
    long perShard = (limit + usable - 1) / usable;
    int first = Math.floorMod(randomShard.getAsInt(), usable);
    long granted = 0;
    for (int tried = 0; tried < Math.min(TRIES, usable) && granted < events; tried++) {
      int shard = (first + tried) % usable;
      long capacity = shard == usable - 1 ? limit - perShard * (usable - 1) : perShard;
      granted += claimShard(appId, epochSecond, shard, events - granted, capacity);
    }
    return granted;
  }

  private long claimShard(String appId, long second, int shard, long wanted, long capacity) {
    DocumentReference document =
        firestore
            .collection(COLLECTION)
            .document(DocumentIds.hashed(appId, Long.toString(second), Integer.toString(shard)));
    return FirestoreCalls.await(
        firestore.runTransaction(
            transaction -> {
              DocumentSnapshot snapshot = transaction.get(document).get();
              Long used = snapshot.exists() ? snapshot.getLong(USED) : null;
              long taken = used == null ? 0 : used;
              long grant = Math.max(0, Math.min(wanted, capacity - taken));
              if (grant > 0) {
                transaction.set(
                    document,
                    Map.of(
                        "appId",
                        appId,
                        "second",
                        second,
                        USED,
                        taken + grant,
                        EXPIRE_AT,
                        Timestamp.ofTimeSecondsAndNanos(second + EXPIRY_SECONDS, 0)));
              }
              return grant;
            }),
        "claiming " + wanted + " events of " + appId + "'s second " + second);
  }
}
