package dev.userwhisperer.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.pubsub.v1.PubsubMessage;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.Provenance;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.message.Topics;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.testing.Decisions;
import dev.userwhisperer.core.testing.Profiles;
import dev.userwhisperer.core.testing.TestEvents;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each topic-triggered stage deployed as {@link PubSubEntryPoint}, driven by the CloudEvent
 * Eventarc delivers, on the Pub/Sub and Firestore emulators: its output is on the next topic, its
 * permanent failures on the dead-letter topic. One function context serves every test in the JVM.
 */
@ExtendWith(GcpEmulators.class)
class PubSubEntryPointIT {
  private static final String APP = "app-fn";
  private static final Instant NOON = Instant.parse("2026-11-26T12:00:00Z");

  private final FunctionsFixture fixture;

  PubSubEntryPointIT(PubSubEmulator pubSub, FirestoreEmulator firestore) {
    fixture = FunctionsFixture.start(pubSub, firestore);
  }

  @Test
  void analyzeTurnsAFailedPaymentIntoASignalOnTheSignalsTopic() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    UserEventBatch batch =
        TestEvents.batch(
            APP,
            "batch-analyze",
            TestEvents.event("identify")
                .user("analyzed")
                .at(now)
                .trait("email", "a@example.com")
                .build(),
            TestEvents.event("payment_failed").user("analyzed").at(now).build());

    new PubSubEntryPoint("analyze").accept(FunctionsFixture.eventarc(batch, "m-analyze"));

    Signal signal = signalOf(fixture.awaitMessage(Topics.SIGNALS, forUser("analyzed")));
    assertThat(signal.type()).isEqualTo(SignalType.PAYMENT_FAILED);
    assertThat(signal.appId()).isEqualTo(APP);
    assertThat(GcpAdapters.profileStore(fixture.firestore).find(APP, "analyzed")).isPresent();
  }

  @Test
  void decideSendsAFailedPaymentNoticeToAConsentingUserOnTheDecisionsTopic() {
    saveProfile(reachableByEmail("decided"));
    Signal signal =
        new Signal(
            Signal.VERSION,
            "sig-decide",
            APP,
            "decided",
            SignalType.PAYMENT_FAILED,
            NOON,
            Map.of());

    new PubSubEntryPoint("decide").accept(FunctionsFixture.eventarc(signal, "m-decide"));

    PubsubMessage published = fixture.awaitMessage(Topics.DECISIONS, forUser("decided"));
    Decision decision = Json.decode(published.getData().toByteArray(), Decision.class);
    assertThat(decision.signalId()).isEqualTo("sig-decide");
    assertThat(decision.outcome()).isEqualTo(Outcome.SEND);
    assertThat(decision.channel()).isEqualTo(Channel.EMAIL);
    assertThat(published.getOrderingKey()).as("Eventarc cannot order: no key").isEmpty();
  }

  @Test
  void aStagesOutputCarriesTheTraceOfTheMessageItCameFrom() {
    saveProfile(reachableByEmail("traced"));
    Signal signal =
        new Signal(
            Signal.VERSION, "sig-traced", APP, "traced", SignalType.PAYMENT_FAILED, NOON, Map.of());
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String publisherSpan = "00f067aa0ba902b7";
    PubsubMessage message = PubSubEventBus.toPubsub(signal, false);

    new PubSubEntryPoint("decide")
        .accept(
            FunctionsFixture.eventarc(
                Topics.SIGNALS,
                "m-traced",
                message.getData().toByteArray(),
                Map.of(
                    "id",
                    signal.id(),
                    "traceparent",
                    "00-" + traceId + "-" + publisherSpan + "-01"),
                message.getOrderingKey()));

    PubsubMessage published = fixture.awaitMessage(Topics.DECISIONS, forUser("traced"));
    assertThat(published.getAttributesMap().get("traceparent"))
        .as("the decide span's context: the same trace, a child of the publisher's span")
        .matches("00-" + traceId + "-[0-9a-f]{16}-01")
        .doesNotContain(publisherSpan);
  }

  @Test
  void composeWritesTheMessageOfADecisionToItsChannelsTopic() {
    saveProfile(reachableByEmail("composed"));
    Decision decision =
        Decisions.decision("dec-compose")
            .app(APP)
            .user("composed")
            .signal("sig-compose", "PAYMENT_FAILED")
            .intervention("payment_failed")
            .at(NOON)
            .build();

    new PubSubEntryPoint("compose").accept(FunctionsFixture.eventarc(decision, "m-compose"));

    OutboundMessage message =
        Json.decode(
            fixture
                .awaitMessage(Topics.OUTBOUND_EMAIL, forUser("composed"))
                .getData()
                .toByteArray(),
            OutboundMessage.class);
    assertThat(message.decisionId()).isEqualTo("dec-compose");
    assertThat(message.to()).isEqualTo("composed@example.com");
  }

  @Test
  void deliverRecordsADryRunDeliveryWithoutSending() {
    OutboundMessage message =
        new OutboundMessage(
            OutboundMessage.VERSION,
            "msg-deliver",
            "dec-deliver",
            APP,
            "delivered",
            Channel.SMS,
            "+14155550100",
            "en",
            "payment_failed",
            "a",
            null,
            "Your payment failed",
            NOON,
            null,
            null,
            null,
            Provenance.template(0));

    new PubSubEntryPoint("deliver").accept(FunctionsFixture.eventarc(message, "m-deliver"));

    assertThat(new FirestoreSentMessages(fixture.firestore).find("msg-deliver")).contains(message);
    fixture.bigQuery.verify(
        postRequestedFor(urlPathMatching(".*/tables/deliveries/insertAll"))
            .withRequestBody(containing("msg-deliver"))
            .withRequestBody(containing(DryRunChannelSender.STATUS)));
  }

  @Test
  void aMessageThatIsNotTheStagesInputIsDeadLetteredOnceAndAcknowledged() {
    byte[] notASignal = "{\"version\":7,\"signalId\":\"s-bad\"}".getBytes(StandardCharsets.UTF_8);

    new PubSubEntryPoint("decide")
        .accept(
            FunctionsFixture.eventarc(
                Topics.SIGNALS, "m-bad", notASignal, Map.of("id", "s-bad"), APP + "/bad"));

    PubsubMessage dead =
        fixture.awaitMessage(
            Topics.deadLetter(Topics.SIGNALS),
            m -> "m-bad".equals(m.getAttributesOrDefault(PubSubStage.MESSAGE_ID_ATTRIBUTE, "")));
    assertThat(dead.getData().toByteArray()).isEqualTo(notASignal);
    assertThat(dead.getAttributesMap())
        .containsEntry("id", "s-bad")
        .hasEntrySatisfying(
            PubSubStage.REASON_ATTRIBUTE, reason -> assertThat(reason).contains("not a Signal"));
  }

  @Test
  void anEventThatIsNotAPubSubEnvelopeIsDeadLetteredAsItCame() {
    CloudEvent event =
        CloudEventBuilder.v1(
                FunctionsFixture.eventarc(Topics.DECISIONS, "m-raw", new byte[0], Map.of(), ""))
            .withData("not json".getBytes(StandardCharsets.UTF_8))
            .build();

    new PubSubEntryPoint("compose").accept(event);

    PubsubMessage dead =
        fixture.awaitMessage(
            Topics.deadLetter(Topics.DECISIONS),
            m -> "m-raw".equals(m.getAttributesOrDefault(PubSubStage.MESSAGE_ID_ATTRIBUTE, "")));
    assertThat(dead.getData().toStringUtf8()).isEqualTo("not json");
  }

  /** Its source names a topic without a dead-letter topic, so the dead letter cannot go out. */
  @Test
  void aPermanentFailureWhoseDeadLetterCannotBePublishedIsRetried() {
    CloudEvent event =
        FunctionsFixture.eventarc(
            "signals-without-dead-letter",
            "m-retried",
            "{}".getBytes(StandardCharsets.UTF_8),
            Map.of(),
            "");

    assertThatThrownBy(() -> new PubSubEntryPoint("decide").accept(event))
        .isInstanceOf(TransientFailure.class)
        .hasMessageContaining("signals-without-dead-letter.dead-letter");
  }

  private static Profile reachableByEmail(String userId) {
    return Profiles.user(userId)
        .app(APP)
        .email(userId + "@example.com")
        .consent(Channel.EMAIL, true)
        .timezone("Europe/Paris")
        .build();
  }

  private void saveProfile(Profile profile) {
    GcpAdapters.profileStore(fixture.firestore)
        .update(profile.appId(), profile.userId(), ignored -> profile);
  }

  private static Predicate<PubsubMessage> forUser(String userId) {
    return FunctionsFixture.forKey(APP + "/" + userId);
  }

  private static Signal signalOf(PubsubMessage message) {
    return Json.decode(message.getData().toByteArray(), Signal.class);
  }
}
