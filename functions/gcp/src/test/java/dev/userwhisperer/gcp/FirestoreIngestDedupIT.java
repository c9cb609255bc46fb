package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.port.IngestDedup;
import dev.userwhisperer.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

  private void accept(String appId, List<String> ids, Instant at) {
    dedup.claim(appId, ids, at);
    dedup.confirm(appId, ids, at);
  }

  @Test
  void acceptedIdsAreDuplicatesPerAppAndOthersAreClaimed() {
    accept("app-1", List.of("m-1", "m/2"), T0);

    assertThat(dedup.claim("app-1", List.of("m-1", "m/2", "m-3"), T0).claimed())
        .containsExactly("m-3");
    assertThat(dedup.claim("app-2", List.of("m-1"), T0).claimed()).containsExactly("m-1");
  }

  @Test
  void ofTwoConcurrentClaimsOfTheSameIdsEachIdGoesToExactlyOne() throws Exception {
    List<String> ids = IntStream.range(0, 40).mapToObj(i -> "c-" + i).toList();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<IngestDedup.Claim>> claims =
          pool.invokeAll(
              List.<Callable<IngestDedup.Claim>>of(
                  () -> dedup.claim("app-1", ids, T0), () -> dedup.claim("app-1", ids, T0)));
      List<String> claimed = new ArrayList<>();
      List<String> inFlight = new ArrayList<>();
      for (Future<IngestDedup.Claim> claim : claims) {
        claimed.addAll(claim.get().claimed());
        inFlight.addAll(claim.get().inFlight());
      }
      assertThat(claimed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
      assertThat(inFlight).containsExactlyInAnyOrderElementsOf(ids);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPendingClaimIsInFlightUntilReleasedOrItsLeaseRunsOut() {
    dedup.claim("app-1", List.of("p-1", "p-2"), T0);

    assertThat(dedup.claim("app-1", List.of("p-1", "p-2"), T0.plusSeconds(1)).inFlight())
        .containsExactlyInAnyOrder("p-1", "p-2");
    dedup.release("app-1", List.of("p-1"), T0);
    assertThat(dedup.claim("app-1", List.of("p-1"), T0.plusSeconds(2)).claimed())
        .containsExactly("p-1");
    assertThat(dedup.claim("app-1", List.of("p-2"), T0.plus(IngestDedup.CLAIM_LEASE)).claimed())
        .containsExactly("p-2");
  }

  @Test
  void documentsCarryTheirExpiryForTheTtlPolicyAndCountAsAbsentOnceExpired() throws Exception {
    accept("app-1", List.of("m-1"), T0);

    DocumentSnapshot document =
        firestore.collection(FirestoreIngestDedup.COLLECTION).get().get().getDocuments().get(0);
    assertThat(FirestoreCalls.instant(document.getTimestamp(FirestoreIngestDedup.EXPIRE_AT)))
        .isEqualTo(T0.plus(Duration.ofDays(7)));

    clock.set(T0.plus(Duration.ofDays(7)).minusSeconds(1));
    assertThat(dedup.claim("app-1", List.of("m-1"), clock.instant()).claimed()).isEmpty();
    clock.set(T0.plus(Duration.ofDays(7)));
    assertThat(dedup.claim("app-1", List.of("m-1"), clock.instant()).claimed())
        .containsExactly("m-1");
  }

  @Test
  void batchesLargerThanOneTransactionAreClaimedAndConfirmedInChunks() {
    List<String> ids = IntStream.range(0, 1_203).mapToObj(i -> "m-" + i).toList();

    accept("app-1", ids, T0);

    IngestDedup.Claim again = dedup.claim("app-1", ids, T0);
    assertThat(again.claimed()).isEmpty();
    assertThat(again.inFlight()).isEmpty();
  }
}
