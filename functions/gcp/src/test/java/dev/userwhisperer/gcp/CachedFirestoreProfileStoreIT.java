package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.gcp.BillableOperations.Counter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The analyze pull worker's cached profiles on the Firestore emulator: what a cache hit saves, and
 * that a cached profile never overwrites a newer document, whoever wrote it.
 */
@ExtendWith(GcpEmulators.class)
class CachedFirestoreProfileStoreIT {
  private static final AtomicInteger PROJECTS = new AtomicInteger();
  private static final String APP = "app-cache";
  private static final String STAGE = "worker";

  /** One more event: applied twice, it counts twice, so a lost update shows in the count. */
  private static final UnaryOperator<Profile> ONE_MORE =
      p -> FirestoreProfileStoreIT.withEvents(p, p.activity().eventCount() + 1);

  private final BillableOperations operations = new BillableOperations();
  private final Firestore metered;
  private final Firestore other;
  private final CachedFirestoreProfileStore cached;
  private final FirestoreProfileStore plain;

  CachedFirestoreProfileStoreIT(FirestoreEmulator emulator) {
    String project = "whisperer-cache-" + PROJECTS.incrementAndGet();
    metered =
        MeteredClients.meteredFirestore(
            project, emulator.hostPort(), new FirestoreMeter(operations));
    other = FirestoreClients.of(project, emulator.hostPort());
    cached = new CachedFirestoreProfileStore(metered, 100);
    plain = new FirestoreProfileStore(other);
    operations.stage(STAGE);
  }

  @AfterEach
  void close() throws Exception {
    metered.close();
    other.close();
  }

  @Test
  void aSecondUpdateOfACachedProfileIsOneWriteAndNoRead() {
    cached.update(APP, "hit", ONE_MORE);
    assertThat(count(Counter.FIRESTORE_READS)).isEqualTo(1);

    reset();
    cached.update(APP, "hit", ONE_MORE);

    assertThat(count(Counter.FIRESTORE_WRITES)).isEqualTo(1);
    assertThat(count(Counter.FIRESTORE_READS)).isZero();
    assertThat(plain.find(APP, "hit").orElseThrow().activity().eventCount()).isEqualTo(2);
  }

  @Test
  void aProfileAnotherWriterChangedIsReadAgainAndNotOverwritten() {
    cached.update(APP, "swept", ONE_MORE);
    plain.update(APP, "swept", ONE_MORE); // the sweep, or an alias merge, in between

    Profile written = cached.update(APP, "swept", ONE_MORE);

    assertThat(written.activity().eventCount()).isEqualTo(3);
    assertThat(plain.find(APP, "swept")).contains(written);
  }

  @Test
  void twoInstancesTakingTurnsAsTheUsersKeyMovesLoseNoUpdate() {
    CachedFirestoreProfileStore second = new CachedFirestoreProfileStore(other, 100);
    for (int turn = 0; turn < 3; turn++) {
      cached.update(APP, "moved", ONE_MORE);
      second.update(APP, "moved", ONE_MORE);
    }
    assertThat(plain.find(APP, "moved").orElseThrow().activity().eventCount()).isEqualTo(6);
  }

  @Test
  void aRedeliveredChangeWritesNothing() throws Exception {
    UnaryOperator<Profile> fiveEvents = p -> FirestoreProfileStoreIT.withEvents(p, 5);
    cached.update(APP, "again", fiveEvents);
    Timestamp before = updateTime("again");

    reset();
    cached.update(APP, "again", fiveEvents);

    assertThat(count(Counter.FIRESTORE_READS) + count(Counter.FIRESTORE_WRITES)).isZero();
    assertThat(updateTime("again")).isEqualTo(before);
  }

  @Test
  void anErasedProfileStartsAgainFromEmptyInsteadOfComingBackFromTheCache() throws Exception {
    cached.update(APP, "erased", ONE_MORE);
    cached.update(APP, "erased", ONE_MORE);
    FirestoreProfileStore.document(other, APP, "erased").delete().get();

    Profile written = cached.update(APP, "erased", ONE_MORE);

    assertThat(written.activity().eventCount()).isEqualTo(1);
    assertThat(plain.find(APP, "erased")).contains(written);
  }

  @Test
  void theLeastRecentlyUsedProfilesLeaveAFullCache() {
    CachedFirestoreProfileStore small = new CachedFirestoreProfileStore(metered, 2);
    small.update(APP, "lru-1", ONE_MORE);
    small.update(APP, "lru-2", ONE_MORE);
    small.update(APP, "lru-1", ONE_MORE);
    small.update(APP, "lru-3", ONE_MORE);
    assertThat(small.size()).isEqualTo(2);

    reset();
    small.update(APP, "lru-1", ONE_MORE);
    assertThat(count(Counter.FIRESTORE_READS)).as("lru-1, used last, stayed").isZero();
    small.update(APP, "lru-2", ONE_MORE);
    assertThat(count(Counter.FIRESTORE_READS)).as("lru-2 left for lru-3").isEqualTo(1);
  }

  private long count(Counter counter) {
    return operations.snapshot().getOrDefault(STAGE, Map.of()).getOrDefault(counter, 0L);
  }

  private void reset() {
    operations.reset();
    operations.stage(STAGE);
  }

  private Timestamp updateTime(String user) throws Exception {
    return FirestoreProfileStore.document(other, APP, user).get().get().getUpdateTime();
  }
}
