package dev.userwhisperer.gcp;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.QuerySnapshot;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.ScheduledTask;
import dev.userwhisperer.core.port.ScheduleStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@link ScheduleStore} on Firestore: the collection {@value #COLLECTION}, one document per task
 * id, the task as JSON, {@value #DUE_AT} and {@value #SHARD} (from the task id) for the due query.
 *
 * <p>Every write sets {@value #DUE_AT} to a time near "now + delay", a clustered, monotonically
 * growing indexed value, and Firestore serves such index writes from one key range: about 500 per
 * second. So the only index on it is the composite ({@value #SHARD}, {@value #DUE_AT}) that
 * Terraform creates, with the single-field index on {@value #DUE_AT} exempted: the writes spread
 * over {@code shards} key ranges (32 by default: about 16,000 writes per second once Firestore has
 * ramped up), and {@link #due} asks every shard and merges their earliest tasks.
 */
final class FirestoreScheduleStore implements ScheduleStore {
  static final String COLLECTION = "scheduled_tasks";
  static final String JSON = "json";
  static final String DUE_AT = "dueAt";
  static final String SHARD = "shard";
  static final int DEFAULT_SHARDS = 32;

  private final Firestore firestore;
  private final int shards;

  FirestoreScheduleStore(Firestore firestore, int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be >= 1: " + shards);
    }
    this.firestore = firestore;
    this.shards = shards;
  }

  /** A task's shard: stable for its id, whatever the JVM (String.hashCode is specified). */
  int shard(String taskId) {
    return Math.floorMod(taskId.hashCode(), shards);
  }

  @Override
  public void schedule(ScheduledTask task) {
    FirestoreCalls.await(
        tasks()
            .document(DocumentIds.escape(task.id()))
            .set(
                Map.of(
                    JSON,
                    Json.encodeToString(task),
                    DUE_AT,
                    FirestoreCalls.timestamp(task.dueAt()),
                    SHARD,
                    shard(task.id()))),
        "scheduling task " + task.id());
  }

  @Override
  public List<ScheduledTask> due(Instant now, int limit) {
    List<ApiFuture<QuerySnapshot>> queries = new ArrayList<>(shards);
    for (int shard = 0; shard < shards; shard++) {
      queries.add(
          tasks()
              .whereEqualTo(SHARD, shard)
              .whereLessThanOrEqualTo(DUE_AT, FirestoreCalls.timestamp(now))
              .orderBy(DUE_AT)
              .limit(limit)
              .get());
    }
    return FirestoreCalls.await(ApiFutures.allAsList(queries), "reading tasks due at " + now)
        .stream()
        .flatMap(snapshot -> snapshot.getDocuments().stream())
        .sorted(Comparator.comparing((QueryDocumentSnapshot d) -> d.getTimestamp(DUE_AT)))
        .limit(limit)
        .map(
            d ->
                Json.decode(
                    d.getString(JSON).getBytes(StandardCharsets.UTF_8), ScheduledTask.class))
        .toList();
  }

  @Override
  public void complete(String taskId) {
    FirestoreCalls.await(
        tasks().document(DocumentIds.escape(taskId)).delete(), "completing task " + taskId);
  }

  private CollectionReference tasks() {
    return firestore.collection(COLLECTION);
  }
}
