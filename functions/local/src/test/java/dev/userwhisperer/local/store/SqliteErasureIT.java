package dev.userwhisperer.local.store;

import static dev.userwhisperer.core.testing.PersonalDataFixture.APP;
import static dev.userwhisperer.core.testing.PersonalDataFixture.NEIGHBOUR;
import static dev.userwhisperer.core.testing.PersonalDataFixture.T0;
import static dev.userwhisperer.core.testing.PersonalDataFixture.USER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.port.PersonalDataStore.Erased;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.testing.ConsentTrailContract;
import dev.userwhisperer.core.testing.OutboundMessages;
import dev.userwhisperer.core.testing.PersonalDataFixture;
import dev.userwhisperer.local.time.SimulatedClock;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteErasureIT {
  @TempDir Path dir;
  SqliteDatabase db;

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }

  private SqliteDatabase db() {
    if (db == null) {
      db = new SqliteDatabase(dir.resolve("whisperer.db"));
    }
    return db;
  }

  @Nested
  class Trail extends ConsentTrailContract {
    @Override
    protected ConsentTrail trail() {
      return new SqliteConsentTrail(db());
    }
  }

  @Test
  void theUsersRowsGoFromEveryStoreAndTheNeighboursStay() {
    var profiles = new SqliteProfileStore(db());
    var decisions = new SqliteDecisionLog(db());
    var trail = new SqliteConsentTrail(db());
    var dedup = new SqliteIngestDedup(db());
    var quarantine = new SqliteQuarantine(db());
    var outbox = new OutboxChannelSender(db(), new SimulatedClock(Clock.systemUTC(), T0));
    var ledger = new SqliteDeliveryLedger(db());
    for (String user : List.of(USER, NEIGHBOUR)) {
      PersonalDataFixture.fill(user, profiles, decisions, trail, dedup, quarantine);
      String outboundId = Ids.outboundOf(PersonalDataFixture.decision(user));
      var message =
          OutboundMessages.of(
              APP,
              outboundId,
              dev.userwhisperer.core.message.Channel.EMAIL,
              user + "@example.com",
              "Hi",
              "Hello");
      outbox.send(withUser(message, user));
      ledger.start(outboundId, APP, null, T0);
    }

    List<Erased> erased =
        new ArrayList<>(new SqliteStoresErasure(db(), db()).erase(PersonalDataFixture.scope(USER)));
    erased.addAll(new SqliteDeliveryErasure(db()).erase(PersonalDataFixture.scope(USER)));

    Map<String, Long> counts =
        erased.stream().collect(Collectors.toMap(Erased::store, Erased::count, Long::sum));
    assertThat(counts)
        .containsEntry("sqlite.profiles", 1L)
        .containsEntry("sqlite.decisions", 1L)
        .containsEntry("sqlite.consent_trail", 1L)
        .containsEntry("sqlite.ingest_dedup", 1L)
        .containsEntry("sqlite.quarantine", 1L)
        .containsEntry("sqlite.outbox", 1L)
        .containsEntry("sqlite.delivery_ledger", 1L);
    assertThat(profiles.find(APP, USER)).isEmpty();
    assertThat(decisions.recent(APP, USER, 10)).isEmpty();
    assertThat(trail.list(APP, USER)).isEmpty();
    assertThat(dueOf(profiles, USER)).isEmpty();
    assertThat(dueOf(profiles, NEIGHBOUR)).extracting(p -> p.userId()).containsExactly(NEIGHBOUR);
    // erasing again removes nothing more (before the claim below takes the id again)
    List<Erased> again = new SqliteStoresErasure(db(), db()).erase(PersonalDataFixture.scope(USER));
    assertThat(again).allSatisfy(e -> assertThat(e.count()).isZero());
    assertThat(dedup.claim(APP, List.of("ev-" + USER, "ev-" + NEIGHBOUR), T0).claimed())
        .containsExactly("ev-" + USER);
    assertThat(quarantine.list(APP, 10))
        .extracting(q -> q.quarantineId())
        .containsExactly("q-" + NEIGHBOUR);
    assertThat(outbox.listForUser(APP, USER, 10)).isEmpty();
    assertThat(outbox.listForUser(APP, NEIGHBOUR, 10)).hasSize(1);
    assertThat(ledger.find(Ids.outboundOf(PersonalDataFixture.decision(USER)))).isEmpty();
    assertThat(ledger.find(Ids.outboundOf(PersonalDataFixture.decision(NEIGHBOUR)))).isPresent();
    assertThat(profiles.find(APP, NEIGHBOUR)).isPresent();
  }

  private static dev.userwhisperer.core.message.OutboundMessage withUser(
      dev.userwhisperer.core.message.OutboundMessage m, String user) {
    return new dev.userwhisperer.core.message.OutboundMessage(
        m.version(),
        m.outboundId(),
        m.decisionId(),
        m.appId(),
        user,
        m.channel(),
        m.to(),
        m.locale(),
        m.intervention(),
        m.variant(),
        m.subject(),
        m.body(),
        m.createdAt(),
        m.html(),
        m.title(),
        m.headers(),
        m.provenance());
  }

  /** The user's profile if the sweep would find it due a day later, as its scheduled task is. */
  private static List<Profile> dueOf(ProfileStore profiles, String user) {
    return profiles.due(ProfileStore.sweepShard(APP, user), T0.plusSeconds(86_400), 1_000).stream()
        .filter(p -> p.userId().equals(user))
        .toList();
  }
}
