package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(GcpEmulators.class)
class FirestoreIngestDedupIT {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private final Firestore firestore;
  private final MutableClock clock = new MutableClock(T0);
  private final FirestoreIngestDedup dedup;

  FirestoreIngestDedupIT(Firestore firestore) {
    this.firestore = firestore;
    dedup = new FirestoreIngestDedup(firestore, clock, FirestoreIngestDedup.DEFAULT_RETENTION);
  }

  @Test
  void rememberedIdsAreSeenPerAppAndOthersAreNot() {
    dedup.remember("app-1", List.of("m-1", "m/2"), T0);

    assertThat(dedup.seen("app-1", List.of("m-1", "m/2", "m-3")))
        .containsExactlyInAnyOrder("m-1", "m/2");
    assertThat(dedup.seen("app-2", List.of("m-1"))).isEmpty();
  }

  @Test
  void documentsCarryTheirExpiryForTheTtlPolicyAndCountAsUnseenOnceExpired() throws Exception {
    dedup.remember("app-1", List.of("m-1"), T0);

    DocumentSnapshot document =
        firestore.collection(FirestoreIngestDedup.COLLECTION).get().get().getDocuments().get(0);
    assertThat(FirestoreCalls.instant(document.getTimestamp(FirestoreIngestDedup.EXPIRE_AT)))
        .isEqualTo(T0.plus(Duration.ofDays(7)));

    clock.set(T0.plus(Duration.ofDays(7)).minusSeconds(1));
    assertThat(dedup.seen("app-1", List.of("m-1"))).containsExactly("m-1");
    clock.set(T0.plus(Duration.ofDays(7)));
    assertThat(dedup.seen("app-1", List.of("m-1"))).isEmpty();
  }

  @Test
  void batchesLargerThanOneCommitAreRememberedAndReadInChunks() {
    List<String> ids = IntStream.range(0, 1_203).mapToObj(i -> "m-" + i).toList();

    dedup.remember("app-1", ids, T0);

    assertThat(dedup.seen("app-1", ids)).hasSize(1_203);
  }
}
