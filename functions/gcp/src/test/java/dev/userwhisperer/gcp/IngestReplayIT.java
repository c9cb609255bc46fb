package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.pubsub.v1.PubsubMessage;
import dev.userwhisperer.core.ingest.ApiKeys;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.message.Topics;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.profile.Profile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ingest on Google Cloud claims no messageIds (no per-event Firestore dedup): a client's retry of
 * an accepted batch is accepted and published again, and redelivering both to analyze changes the
 * profile once and raises the same signal (same id, so decide decides it once), on the emulators.
 */
@ExtendWith(GcpEmulators.class)
class IngestReplayIT {
  private static final String APP = "app-replay";

  private final FunctionsFixture fixture;

  IngestReplayIT(PubSubEmulator pubSub, FirestoreEmulator firestore) {
    fixture = FunctionsFixture.start(pubSub, firestore);
  }

  @Test
  void aReplayedBatchIsPublishedAgainAndAnalyzeCountsItsEventsOnce() throws Exception {
    String key = ApiKeys.generate(new Random(26));
    GcpAdapters.apiKeyStore(fixture.firestore)
        .save(new ApiKey(ApiKeys.hash(key), APP, Set.of(ApiKey.EVENTS_WRITE), Instant.now(), null));
    String at = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String body =
        "{\"batch\":["
            + "{\"messageId\":\"r-1\",\"type\":\"feature_used\",\"userId\":\"replayed\","
            + "\"timestamp\":\""
            + at
            + "\",\"properties\":{\"feature\":\"export\"}},"
            + "{\"messageId\":\"r-2\",\"type\":\"payment_failed\",\"userId\":\"replayed\","
            + "\"timestamp\":\""
            + at
            + "\"}]}";

    for (int send = 0; send < 2; send++) {
      FakeHttp.Response response = new FakeHttp.Response();
      new HttpEntryPoint("ingest")
          .service(
              FakeHttp.request(
                  "POST",
                  "/v1/events",
                  Map.of("Authorization", "Bearer " + key, "Content-Type", "application/json"),
                  body.getBytes(StandardCharsets.UTF_8)),
              response);
      assertThat(response.status).as(response.bodyText()).isEqualTo(202);
      assertThat(Json.tree(response.body.toByteArray()).path("accepted").asInt())
          .as(response.bodyText())
          .isEqualTo(2);
    }
    PubsubMessage first =
        fixture.awaitMessage(Topics.EVENTS, FunctionsFixture.forKey(APP + "/replayed"));
    PubsubMessage second =
        fixture.awaitMessage(Topics.EVENTS, FunctionsFixture.forKey(APP + "/replayed"));
    // the same batch (id from app, user and messageIds), received at another time
    assertThat(batchOf(second).batchId()).isEqualTo(batchOf(first).batchId());

    Signal[] signals = new Signal[2];
    int i = 0;
    for (PubsubMessage delivered : new PubsubMessage[] {first, second}) {
      new PubSubEntryPoint("analyze")
          .accept(
              FunctionsFixture.eventarc(
                  Topics.EVENTS,
                  delivered.getMessageId(),
                  delivered.getData().toByteArray(),
                  delivered.getAttributesMap(),
                  ""));
      PubsubMessage signal =
          fixture.awaitMessage(Topics.SIGNALS, FunctionsFixture.forKey(APP + "/replayed"));
      signals[i++] = Json.decode(signal.getData().toByteArray(), Signal.class);
    }

    Profile profile =
        GcpAdapters.profileStore(fixture.firestore).find(APP, "replayed").orElseThrow();
    assertThat(profile.activity().count("feature_used")).isEqualTo(1);
    assertThat(profile.activity().count("payment_failed")).isEqualTo(1);
    assertThat(signals[0].type()).isEqualTo(SignalType.PAYMENT_FAILED);
    assertThat(signals[1].id()).isEqualTo(signals[0].id());
  }

  private static UserEventBatch batchOf(PubsubMessage message) {
    return Json.decode(message.getData().toByteArray(), UserEventBatch.class);
  }
}
