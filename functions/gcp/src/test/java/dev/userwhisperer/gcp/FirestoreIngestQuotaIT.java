package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.ingest.SharedEventRateLimiter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(GcpEmulators.class)
class FirestoreIngestQuotaIT {
  private static final long SECOND = 1_765_108_800L;

  private final Firestore firestore;

  FirestoreIngestQuotaIT(Firestore firestore) {
    this.firestore = firestore;
  }

  @Test
  void concurrentClaimsOfOneSecondNeverGrantMoreThanTheLimit() throws Exception {
    FirestoreIngestQuota quota =
        new FirestoreIngestQuota(firestore, 4, () -> ThreadLocalRandom.current().nextInt(4));
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Callable<Long>> claims = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        claims.add(() -> quota.claim("app-race", SECOND, 100, 1000));
      }
      long granted = 0;
      for (Future<Long> claim : pool.invokeAll(claims)) {
        granted += claim.get();
      }

      // 2,400 asked of a budget of 1,000: all of it granted, not an event more
      assertThat(granted).isEqualTo(1000);
      assertThat(quota.claim("app-race", SECOND, 1, 1000)).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFullShardSendsTheClaimOnToTheNextOnes() {
    AtomicInteger shard = new AtomicInteger();
    FirestoreIngestQuota quota = new FirestoreIngestQuota(firestore, 4, shard::get);

    // shards of 25 events: a claim of 60 takes shard 0, 1 and half of 2
    assertThat(quota.claim("app-shards", SECOND, 60, 100)).isEqualTo(60);
    assertThat(quota.claim("app-shards", SECOND, 60, 100)).isEqualTo(15);
    shard.set(3);
    assertThat(quota.claim("app-shards", SECOND, 60, 100)).isEqualTo(25);
  }

  @Test
  void eachSecondAndEachAppHasItsOwnBudget() {
    FirestoreIngestQuota quota = new FirestoreIngestQuota(firestore, 1, () -> 0);
    assertThat(quota.claim("app-a", SECOND, 10, 10)).isEqualTo(10);

    assertThat(quota.claim("app-a", SECOND + 1, 10, 10)).isEqualTo(10);
    assertThat(quota.claim("app-b", SECOND, 10, 10)).isEqualTo(10);
    assertThat(quota.claim("app-a", SECOND, 1, 10)).isZero();
  }

  @Test
  void twoInstancesLimitedThroughFirestoreAcceptTheAppsBudgetTogether() {
    FirestoreIngestQuota quota = new FirestoreIngestQuota(firestore, 2, () -> 0);
    long millis = (SECOND + 7) * 1000;
    var one = new SharedEventRateLimiter(500, 5, quota, () -> millis);
    var two = new SharedEventRateLimiter(500, 5, quota, () -> millis);

    int accepted = 0;
    for (int request = 0; request < 20; request++) {
      var instance = request % 2 == 0 ? one : two;
      if (instance.tryAcquire("app-shared", 50) == 0) {
        accepted += 50;
      }
    }
    assertThat(accepted).isEqualTo(500);
  }
}
