package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.port.PersonalDataStore.ErasureScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The tombstones on the Firestore emulator, as two instances see them: the ingest function's that
 * records one and the analyze function's that reads it, each with its own ticker.
 */
@ExtendWith(GcpEmulators.class)
class FirestoreErasureTombstonesIT {
  private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(2);

  private final Firestore firestore;
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
  private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
  private final AtomicLong readerTicker = new AtomicLong();
  private final List<Duration> waited = new ArrayList<>();

  FirestoreErasureTombstonesIT(FirestoreEmulator emulator) {
    firestore = FirestoreClients.of("tombstones-" + System.nanoTime(), emulator.hostPort());
  }

  private FirestoreErasureTombstones writer() {
    return new FirestoreErasureTombstones(
        firestore, clock, System::nanoTime, VISIBLE_WITHIN, waited::add);
  }

  private FirestoreErasureTombstones reader() {
    return new FirestoreErasureTombstones(
        firestore, clock, readerTicker::get, VISIBLE_WITHIN, d -> {});
  }

  private static ErasureScope scope(String user, Instant at) {
    return new ErasureScope("er-" + user, at, "app", user, Set.of(), Set.of());
  }

  @Test
  void aTombstoneRecordedByOneInstanceIsReadByAnotherOnceItsCopyIsOlderThanTheBound() {
    FirestoreErasureTombstones reader = reader();
    assertThat(reader.erasedAt("app", "u-1")).isEmpty();
    assertThat(reader.reads()).as("the first look reads what is recorded").isEqualTo(1);

    assertThat(writer().erase(scope("u-1", now.minusSeconds(1)))).isEmpty();
    assertThat(waited).as("the erasure waits for every copy").containsExactly(VISIBLE_WITHIN);

    assertThat(reader.erasedAt("app", "u-1")).as("the copy is still fresh").isEmpty();
    readerTicker.addAndGet(VISIBLE_WITHIN.toNanos());
    assertThat(reader.erasedAt("app", "u-1")).contains(now.minusSeconds(1));
    assertThat(reader.erasedAt("app", "u-2")).isEmpty();
    assertThat(reader.erasedAt("other-app", "u-1")).isEmpty();
    assertThat(reader.reads()).isEqualTo(2);
  }

  @Test
  void lookupsWithinTheBoundReadNothingHoweverManyBatchesAsk() {
    writer().erase(scope("u-many", now.minusSeconds(1)));
    FirestoreErasureTombstones reader = reader();
    for (int batch = 0; batch < 10_000; batch++) {
      reader.erasedAt("app", "u-" + batch);
      readerTicker.addAndGet(TimeUnit.MICROSECONDS.toNanos(100)); // 10,000 batches a second
    }
    assertThat(reader.reads())
        .as("one read at start, then one each time the copy is 2 s old: within 1 s, none")
        .isEqualTo(1);
    assertThat(reader.erasedAt("app", "u-many")).contains(now.minusSeconds(1));
  }

  @Test
  void aTombstoneNamesNoUserAndExpiresWhenNoQueuedEventCanBeOlder() throws Exception {
    writer().erase(scope("u-private", now));
    writer().erase(scope("u-old", now.minus(FirestoreErasureTombstones.RETENTION).minusSeconds(1)));

    DocumentSnapshot tombstone =
        firestore
            .collection(FirestoreErasureTombstones.COLLECTION)
            .document(DocumentIds.hashed("app", "u-private"))
            .get()
            .get(10, TimeUnit.SECONDS);
    assertThat(tombstone.getData()).doesNotContainValue("u-private");
    assertThat(tombstone.getData().keySet())
        .containsExactlyInAnyOrder(
            FirestoreErasureTombstones.ERASED_AT,
            FirestoreErasureTombstones.RECORDED_AT,
            FirestoreErasureTombstones.EXPIRE_AT);
    assertThat(FirestoreCalls.instant(tombstone.getTimestamp(FirestoreErasureTombstones.EXPIRE_AT)))
        .isEqualTo(now.plus(FirestoreErasureTombstones.RETENTION));

    FirestoreErasureTombstones reader = reader();
    assertThat(reader.erasedAt("app", "u-private")).contains(now);
    assertThat(reader.erasedAt("app", "u-old"))
        .as("erased longer ago than Pub/Sub keeps a message: forgotten")
        .isEmpty();
  }
}
