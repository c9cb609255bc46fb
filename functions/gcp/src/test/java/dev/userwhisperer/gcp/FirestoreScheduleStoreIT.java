package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.message.ScheduledTask;
import dev.userwhisperer.core.message.ScheduledTask.TaskKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(GcpEmulators.class)
class FirestoreScheduleStoreIT {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private final Firestore firestore;
  private final FirestoreScheduleStore store;

  FirestoreScheduleStoreIT(Firestore firestore) {
    this.firestore = firestore;
    store = new FirestoreScheduleStore(firestore, FirestoreScheduleStore.DEFAULT_SHARDS);
  }

  @Test
  void dueListsTasksAtOrBeforeNowEarliestFirstUpToTheLimit() {
    ScheduledTask early = task("inactivity/app-1/u-1", T0.minusSeconds(60));
    ScheduledTask onTime = task("release/d-9", T0);
    ScheduledTask later = task("trial/app-1/u-2", T0.plusSeconds(1));
    store.schedule(onTime);
    store.schedule(later);
    store.schedule(early);

    assertThat(store.due(T0, 10)).containsExactly(early, onTime);
    assertThat(store.due(T0, 1)).containsExactly(early);
  }

  @Test
  void schedulingTheSameIdMovesTheTask() {
    store.schedule(task("inactivity/app-1/u-1", T0));

    ScheduledTask moved = task("inactivity/app-1/u-1", T0.plusSeconds(3600));
    store.schedule(moved);

    assertThat(store.due(T0, 10)).isEmpty();
    assertThat(store.due(T0.plusSeconds(3600), 10)).containsExactly(moved);
  }

  @Test
  void completedTaskIsNoLongerDueAndCompletingItAgainChangesNothing() {
    store.schedule(task("release/d-1", T0));

    store.complete("release/d-1");
    store.complete("release/d-1");

    assertThat(store.due(T0, 10)).isEmpty();
  }

  @Test
  void tasksOfEveryShardComeDueEarliestFirstAcrossShards() throws Exception {
    FirestoreScheduleStore fourShards = new FirestoreScheduleStore(firestore, 4);
    List<ScheduledTask> tasks =
        IntStream.range(0, 24)
            .mapToObj(i -> task("inactivity/app-1/s-" + i, T0.minusSeconds(100 - i)))
            .toList();
    for (int i = tasks.size() - 1; i >= 0; i--) {
      fourShards.schedule(tasks.get(i));
    }

    assertThat(tasks.stream().map(t -> fourShards.shard(t.id())).distinct()).hasSize(4);
    assertThat(fourShards.due(T0, 5)).containsExactlyElementsOf(tasks.subList(0, 5));
    assertThat(fourShards.due(T0, 100)).containsExactlyElementsOf(tasks);
    DocumentSnapshot stored =
        firestore
            .collection(FirestoreScheduleStore.COLLECTION)
            .document(DocumentIds.escape(tasks.get(0).id()))
            .get()
            .get();
    assertThat(stored.getLong(FirestoreScheduleStore.SHARD))
        .isEqualTo(fourShards.shard(tasks.get(0).id()));
  }

  private static ScheduledTask task(String id, Instant dueAt) {
    return new ScheduledTask(
        id,
        "app-1",
        "u-1",
        TaskKind.RELEASE_DECISION,
        dueAt,
        Map.of("decisionId", "d-" + id.length()));
  }
}
