package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.profile.ArmCounts;
import dev.userwhisperer.core.testing.ArmStatisticsContract;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(GcpEmulators.class)
class FirestoreArmStatisticsIT extends ArmStatisticsContract {
  private final Firestore firestore;

  FirestoreArmStatisticsIT(Firestore firestore) {
    this.firestore = firestore;
  }

  @Override
  protected ArmStatistics statistics() {
    return new FirestoreArmStatistics(firestore);
  }

  @Test
  void eachWeeksShardExpiresAWeekAfterItLeftTheWindow() throws Exception {
    Instant settledAt = Instant.parse("2026-11-27T10:00:00Z");
    statistics().add("arms-ttl", Map.of("channel:email", ArmCounts.SUCCESS), settledAt);

    List<QueryDocumentSnapshot> shards =
        firestore
            .collection("apps")
            .document("arms-ttl")
            .collection(FirestoreArmStatistics.COLLECTION)
            .get()
            .get()
            .getDocuments();

    assertThat(shards).hasSize(1);
    long week = ArmStatistics.weekOf(settledAt);
    assertThat(shards.get(0).getId()).startsWith("w" + week + "-shard-");
    // the week starts Thursday 2026-11-26; reads as of 2026-12-24 on no longer sum it
    assertThat(shards.get(0).getTimestamp(FirestoreArmStatistics.EXPIRE_AT))
        .isEqualTo(Timestamp.parseTimestamp("2026-12-31T00:00:00Z"));
  }
}
