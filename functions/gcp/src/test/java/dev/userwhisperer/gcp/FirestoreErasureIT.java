package dev.userwhisperer.gcp;

import static dev.userwhisperer.core.testing.PersonalDataFixture.APP;
import static dev.userwhisperer.core.testing.PersonalDataFixture.NEIGHBOUR;
import static dev.userwhisperer.core.testing.PersonalDataFixture.T0;
import static dev.userwhisperer.core.testing.PersonalDataFixture.USER;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.port.PersonalDataStore.Erased;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.testing.ConsentTrailContract;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.OutboundMessages;
import dev.userwhisperer.core.testing.PersonalDataFixture;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(GcpEmulators.class)
class FirestoreErasureIT {
  private final Firestore firestore;

  FirestoreErasureIT(FirestoreEmulator emulator) {
    firestore = emulator.newFirestore();
  }

  @AfterEach
  void close() throws Exception {
    firestore.close();
  }

  @Nested
  class Trail extends ConsentTrailContract {
    @Override
    protected ConsentTrail trail() {
      return new FirestoreConsentTrail(firestore);
    }
  }

  @Test
  void theUsersDocumentsGoFromEveryCollectionAndTheNeighboursStay() {
    var profiles = new FirestoreProfileStore(firestore);
    var decisions = new FirestoreDecisionLog(firestore);
    var trail = new FirestoreConsentTrail(firestore);
    var dedup = GcpAdapters.ingestDedup(firestore, new MutableClock(T0));
    var quarantine = new FirestoreQuarantine(firestore);
    var sent = new FirestoreSentMessages(firestore);
    var ledger = new FirestoreDeliveryLedger(firestore);
    for (String user : List.of(USER, NEIGHBOUR)) {
      PersonalDataFixture.fill(user, profiles, decisions, trail, dedup, quarantine);
      String outboundId = Ids.outboundOf(PersonalDataFixture.decision(user));
      var message =
          OutboundMessages.of(APP, outboundId, Channel.EMAIL, user + "@example.com", "Hi", "Hello");
      sent.record(message, new Delivery(outboundId, APP, user, Channel.EMAIL, "sent", null, T0));
      ledger.start(outboundId, APP, null, T0);
    }

    List<Erased> erased =
        new FirestorePersonalData(firestore).erase(PersonalDataFixture.scope(USER));

    Map<String, Long> counts =
        erased.stream().collect(Collectors.toMap(Erased::store, Erased::count, Long::sum));
    assertThat(counts)
        .containsEntry("firestore.profiles", 1L)
        .containsEntry("firestore.decisions", 1L)
        .containsEntry("firestore.consent", 1L)
        .containsEntry("firestore.ingest_dedup", 1L)
        .containsEntry("firestore.quarantine", 1L)
        .containsEntry("firestore.sent_messages", 1L)
        .containsEntry("firestore.delivery_ledger", 1L);
    String gone = Ids.outboundOf(PersonalDataFixture.decision(USER));
    String kept = Ids.outboundOf(PersonalDataFixture.decision(NEIGHBOUR));
    assertThat(profiles.find(APP, USER)).isEmpty();
    assertThat(decisions.recent(APP, USER, 10)).isEmpty();
    assertThat(trail.list(APP, USER)).isEmpty();
    assertThat(sent.find(gone)).isEmpty();
    assertThat(ledger.find(gone)).isEmpty();
    assertThat(quarantine.list(APP, 10))
        .extracting(q -> q.quarantineId())
        .containsExactly("q-" + NEIGHBOUR);
    assertThat(dueOf(profiles, USER)).isEmpty();
    assertThat(dueOf(profiles, NEIGHBOUR)).extracting(p -> p.userId()).containsExactly(NEIGHBOUR);
    // erasing again removes nothing more (before the claim below takes the id again)
    assertThat(new FirestorePersonalData(firestore).erase(PersonalDataFixture.scope(USER)))
        .allSatisfy(e -> assertThat(e.count()).isZero());
    assertThat(dedup.claim(APP, List.of("ev-" + USER, "ev-" + NEIGHBOUR), T0).claimed())
        .containsExactly("ev-" + USER);
    assertThat(profiles.find(APP, NEIGHBOUR)).isPresent();
    assertThat(decisions.recent(APP, NEIGHBOUR, 10)).hasSize(1);
    assertThat(trail.list(APP, NEIGHBOUR)).hasSize(1);
    assertThat(sent.find(kept)).isPresent();
    assertThat(ledger.find(kept)).isPresent();
    assertThat(firestore.collection("apps").document(APP).collection("users").listDocuments())
        .extracting(d -> d.getId())
        .containsExactly(NEIGHBOUR);
  }

  /** The user's profile if the sweep would find it due a day later, as its scheduled task is. */
  private static List<Profile> dueOf(ProfileStore profiles, String user) {
    return profiles.due(ProfileStore.sweepShard(APP, user), T0.plusSeconds(86_400), 1_000).stream()
        .filter(p -> p.userId().equals(user))
        .toList();
  }
}
