package dev.userwhisperer.gcp;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.SetOptions;
import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.profile.ArmCounts;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link ArmStatistics} on Firestore as a distributed counter per epoch week: {@value #SHARDS}
 * documents {@code apps/{appId}/arm_statistics/w<week>-shard-<k>}, each with a map {@code
 * arms.<arm>.successes|failures}. An increment goes to one shard of its week chosen at random, as
 * one merge-set of {@link FieldValue#increment} transforms, which the server applies atomically, so
 * concurrent increments lose nothing and no transaction contends; spreading them over shards keeps
 * each document well under Firestore's sustained write rate per document at an app's peak. A read
 * gets every shard of the window's weeks in one call and sums them. Each document carries {@code
 * expireAt}, a week after its week left the window, for Firestore's TTL policy to delete it.
 */
final class FirestoreArmStatistics implements ArmStatistics {
  static final int SHARDS = 8;
  static final String COLLECTION = "arm_statistics";
  static final String EXPIRE_AT = "expireAt";
  private static final String ARMS = "arms";
  private static final String SUCCESSES = "successes";
  private static final String FAILURES = "failures";

  private final Firestore firestore;

  FirestoreArmStatistics(Firestore firestore) {
    this.firestore = firestore;
  }

  @Override
  public Map<String, ArmCounts> counts(String appId, Instant asOf) {
    long first = ArmStatistics.firstWeekOfWindow(asOf);
    DocumentReference[] shards = new DocumentReference[ArmStatistics.WINDOW_WEEKS * SHARDS];
    for (int w = 0; w < ArmStatistics.WINDOW_WEEKS; w++) {
      for (int k = 0; k < SHARDS; k++) {
        shards[w * SHARDS + k] = shard(appId, first + w, k);
      }
    }
    Map<String, ArmCounts> sum = new HashMap<>();
    for (DocumentSnapshot snapshot :
        FirestoreCalls.await(firestore.getAll(shards), "reading arm statistics of " + appId)) {
      if (snapshot.exists() && snapshot.get(ARMS) instanceof Map<?, ?> arms) {
        arms.forEach(
            (arm, counts) -> {
              if (counts instanceof Map<?, ?> c) {
                sum.merge(
                    (String) arm,
                    new ArmCounts(count(c.get(SUCCESSES)), count(c.get(FAILURES))),
                    ArmCounts::plus);
              }
            });
      }
    }
    return Map.copyOf(sum);
  }

  @Override
  public void add(String appId, Map<String, ArmCounts> increments, Instant settledAt) {
    if (increments.isEmpty()) {
      return;
    }
    Map<String, Object> arms = new LinkedHashMap<>();
    increments.forEach(
        (arm, counts) ->
            arms.put(
                arm,
                Map.of(
                    SUCCESSES, FieldValue.increment(counts.successes()),
                    FAILURES, FieldValue.increment(counts.failures()))));
    long week = ArmStatistics.weekOf(settledAt);
    DocumentReference shard = shard(appId, week, ThreadLocalRandom.current().nextInt(SHARDS));
    FirestoreCalls.await(
        shard.set(Map.of(ARMS, arms, EXPIRE_AT, expireAt(week)), SetOptions.merge()),
        "adding arm statistics of " + appId);
  }

  /** A week after the week has left every window. */
  static Timestamp expireAt(long week) {
    long seconds = (week + ArmStatistics.WINDOW_WEEKS + 1) * ArmStatistics.WEEK.toSeconds();
    return Timestamp.ofTimeSecondsAndNanos(seconds, 0);
  }

  private DocumentReference shard(String appId, long week, int k) {
    return firestore
        .collection("apps")
        .document(DocumentIds.escape(appId))
        .collection(COLLECTION)
        .document("w" + week + "-shard-" + k);
  }

  private static long count(Object value) {
    return value instanceof Number n ? n.longValue() : 0L;
  }
}
