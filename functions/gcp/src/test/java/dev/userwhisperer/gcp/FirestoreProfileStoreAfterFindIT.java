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
 * Decide's read-then-write of a profile on the Firestore emulator: the update after a find writes
 * on the found document's update time instead of reading it again, and never over a newer one.
 */
@ExtendWith(GcpEmulators.class)
class FirestoreProfileStoreAfterFindIT {
  private static final AtomicInteger PROJECTS = new AtomicInteger();
  private static final String APP = "app-found";
  private static final String STAGE = "decide";

  /** One more event: applied twice, it counts twice, so a lost update shows in the count. */
  private static final UnaryOperator<Profile> ONE_MORE =
      p -> FirestoreProfileStoreIT.withEvents(p, p.activity().eventCount() + 1);

  private final BillableOperations operations = new BillableOperations();
  private final Firestore metered;
  private final Firestore other;
  private final FirestoreProfileStore store;
  private final FirestoreProfileStore elsewhere;

  FirestoreProfileStoreAfterFindIT(FirestoreEmulator emulator) {
    String project = "whisperer-found-" + PROJECTS.incrementAndGet();
    metered =
        MeteredClients.meteredFirestore(
            project, emulator.hostPort(), new FirestoreMeter(operations));
    other = FirestoreClients.of(project, emulator.hostPort());
    store = new FirestoreProfileStore(metered);
    elsewhere = new FirestoreProfileStore(other);
    operations.stage(STAGE);
  }

  @AfterEach
  void close() throws Exception {
    metered.close();
    other.close();
  }

  @Test
  void anUpdateAfterAFindIsOneWriteAndNoRead() {
    elsewhere.update(APP, "ada", ONE_MORE);
    store.find(APP, "ada").orElseThrow();

    reset();
    Profile written = store.update(APP, "ada", ONE_MORE);

    assertThat(count(Counter.FIRESTORE_READS)).isZero();
    assertThat(count(Counter.FIRESTORE_WRITES)).isEqualTo(1);
    assertThat(written.activity().eventCount()).isEqualTo(2);
    assertThat(elsewhere.find(APP, "ada")).contains(written);
  }

  @Test
  void aProfileWrittenSinceTheFindIsReadAgainAndNotOverwritten() {
    elsewhere.update(APP, "bo", ONE_MORE);
    store.find(APP, "bo").orElseThrow();
    elsewhere.update(APP, "bo", ONE_MORE); // analyze, between decide's read and its write

    Profile written = store.update(APP, "bo", ONE_MORE);

    assertThat(written.activity().eventCount()).isEqualTo(3);
    assertThat(elsewhere.find(APP, "bo")).contains(written);
  }

  @Test
  void aSecondUpdateAfterOneFindReadsInItsTransaction() {
    elsewhere.update(APP, "cy", ONE_MORE);
    store.find(APP, "cy").orElseThrow();
    store.update(APP, "cy", ONE_MORE);

    reset();
    Profile written = store.update(APP, "cy", ONE_MORE);

    assertThat(count(Counter.FIRESTORE_READS)).isEqualTo(1);
    assertThat(written.activity().eventCount()).isEqualTo(3);
  }

  @Test
  void aChangeThatChangesNothingAfterAFindWritesNothing() throws Exception {
    UnaryOperator<Profile> fiveEvents = p -> FirestoreProfileStoreIT.withEvents(p, 5);
    elsewhere.update(APP, "di", fiveEvents);
    Timestamp before = updateTime("di");
    store.find(APP, "di").orElseThrow();

    reset();
    store.update(APP, "di", fiveEvents);

    assertThat(count(Counter.FIRESTORE_WRITES)).isZero();
    assertThat(updateTime("di")).isEqualTo(before);
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
