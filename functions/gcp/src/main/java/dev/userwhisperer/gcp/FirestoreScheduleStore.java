package dev.userwhisperer.gcp;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.ScheduledTask;
import dev.userwhisperer.core.port.ScheduleStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@link ScheduleStore} on Firestore: the collection {@value #COLLECTION}, one document per task
 * id, the task as JSON and {@value #DUE_AT} for the due query (automatic single-field index).
 *
 * <p>Scale note: every write moves {@value #DUE_AT} to a time near "now + delay", a clustered,
 * monotonically growing indexed value; Firestore advises keeping such writes below about 500 per
 * second per collection. Beyond that, shard the collection (a shard prefix in the query).
 */
final class FirestoreScheduleStore implements ScheduleStore {
  static final String COLLECTION = "scheduled_tasks";
  static final String JSON = "json";
  static final String DUE_AT = "dueAt";

  private final Firestore firestore;

  FirestoreScheduleStore(Firestore firestore) {
    this.firestore = firestore;
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
                    FirestoreCalls.timestamp(task.dueAt()))),
        "scheduling task " + task.id());
  }

  @Override
  public List<ScheduledTask> due(Instant now, int limit) {
    return FirestoreCalls.await(
            tasks()
                .whereLessThanOrEqualTo(DUE_AT, FirestoreCalls.timestamp(now))
                .orderBy(DUE_AT)
                .limit(limit)
                .get(),
            "reading tasks due at " + now)
        .getDocuments()
        .stream()
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
