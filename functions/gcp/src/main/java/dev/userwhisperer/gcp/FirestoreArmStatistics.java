package dev.userwhisperer.gcp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.SetOptions;
import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.profile.ArmCounts;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link ArmStatistics} on Firestore as a distributed counter: {@value #SHARDS} documents {@code
 * apps/{appId}/arm_statistics/shard-<k>}, each with a map {@code arms.<arm>.successes|failures}. An
 * increment goes to one shard chosen at random, as one merge-set of {@link FieldValue#increment}
 * transforms, which the server applies atomically, so concurrent increments lose nothing and no
 * transaction contends; spreading them over shards keeps each document well under Firestore's
 * sustained write rate per document at an app's peak. A read gets every shard in one call and sums
 * them.
 */
final class FirestoreArmStatistics implements ArmStatistics {
  static final int SHARDS = 8;
  static final String COLLECTION = "arm_statistics";
  private static final String ARMS = "arms";
  private static final String SUCCESSES = "successes";
  private static final String FAILURES = "failures";

  private final Firestore firestore;

  FirestoreArmStatistics(Firestore firestore) {
    this.firestore = firestore;
  }

  @Override
  public Map<String, ArmCounts> counts(String appId) {
    DocumentReference[] shards = new DocumentReference[SHARDS];
    for (int k = 0; k < SHARDS; k++) {
      shards[k] = shard(appId, k);
    }
    Map<String, ArmCounts> sum = new HashMap<>();
    for (DocumentSnapshot snapshot :
        Firestores.await(firestore.getAll(shards), "reading arm statistics of " + appId)) {
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
  public void add(String appId, Map<String, ArmCounts> increments) {
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
    DocumentReference shard = shard(appId, ThreadLocalRandom.current().nextInt(SHARDS));
    Firestores.await(
        shard.set(Map.of(ARMS, arms), SetOptions.merge()), "adding arm statistics of " + appId);
  }

  private DocumentReference shard(String appId, int k) {
    return firestore
        .collection("apps")
        .document(DocumentIds.escape(appId))
        .collection(COLLECTION)
        .document("shard-" + k);
  }

  private static long count(Object value) {
    return value instanceof Number n ? n.longValue() : 0L;
  }
}
