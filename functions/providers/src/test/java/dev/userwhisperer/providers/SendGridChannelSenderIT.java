package dev.userwhisperer.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.OutcomeUnknown;
import dev.userwhisperer.core.port.ProviderUnavailable;
import dev.userwhisperer.core.port.Reconciliation;
import dev.userwhisperer.core.port.SendRejected;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.OutboundMessages;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SendGridChannelSenderIT {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private static final String SEND = "/v3/mail/send";
  private static final String ACTIVITY = "/v3/messages";

  private final WireMockServer stub = new WireMockServer(options().dynamicPort());
  private final MutableClock clock = new MutableClock(T);
  private final EnvironmentSecrets secrets =
      new EnvironmentSecrets(Map.of("SENDGRID_API_KEY", "SG.test-key"), null);
  private final OutboundMessage message = OutboundMessages.email("m-1", "ada@example.com");
  private SendGridChannelSender sender;

  @BeforeEach
  void start() {
    stub.start();
    sender = sender(stub.baseUrl());
  }

  @AfterEach
  void stop() {
    stub.stop();
  }

  private SendGridChannelSender sender(String baseUrl) {
    return ProviderSenders.sendGrid(Settings.sendGrid(baseUrl), secrets, AppSenders.none(), clock);
  }

  @Test
  void anAppsConfiguredIdentityIsTheSenderAndReplyToOfItsMessages() {
    stub.stubFor(post(SEND).willReturn(aResponse().withStatus(202)));
    SendGridChannelSender withApps =
        ProviderSenders.sendGrid(
            Settings.sendGrid(stub.baseUrl()), secrets, AppIdentities.demo("app1"), clock);

    withApps.send(AppIdentities.writtenFrom(message, 1));
    withApps.send(
        OutboundMessages.of("other-app", "m-2", Channel.EMAIL, "b@example.com", "S", "B"));

    var sent = stub.findAll(postRequestedFor(urlEqualTo(SEND)));
    assertThat(Json.tree(sent.get(0).getBody()).get("from").get("name").asText())
        .isEqualTo("Tempo");
    assertThat(Json.tree(sent.get(0).getBody()).get("from").get("email").asText())
        .isEqualTo("hello@tempo.example.com");
    assertThat(Json.tree(sent.get(0).getBody()).get("reply_to").get("email").asText())
        .isEqualTo("support@tempo.example.com");
    assertThat(Json.tree(sent.get(1).getBody()).get("from").get("email").asText())
        .as("an app without an identity uses the deployment's")
        .isEqualTo("hello@whisperer.test");
    assertThat(Json.tree(sent.get(1).getBody()).has("reply_to")).isFalse();
  }

  @Test
  void aTimedOutSendFoundInTheEmailActivityApiByOurIdWasAccepted() {
    stub.stubFor(
        get(urlPathEqualTo(ACTIVITY))
            .withQueryParam("query", equalTo("unique_args['whisperer_outbound_id']=\"m-1\""))
            .willReturn(
                okJson(
                    """
                    {"messages":[{"from_email":"hello@whisperer.test",
                      "msg_id":"sg-abc123.filterdrecv-5645d9c87f-6r8sq-1-5F3A.0",
                      "subject":"Welcome aboard","to_email":"ada@example.com",
                      "status":"delivered","opens_count":0,"clicks_count":0,
                      "last_event_time":"2026-01-05T12:00:05Z"}]}""")));

    Reconciliation answer = sender.reconcile(message, T);

    assertThat(answer)
        .isEqualTo(Reconciliation.accepted("sg-abc123.filterdrecv-5645d9c87f-6r8sq-1-5F3A.0"));
    stub.verify(
        getRequestedFor(urlPathEqualTo(ACTIVITY))
            .withQueryParam("limit", equalTo("10"))
            .withHeader("Authorization", equalTo("Bearer SG.test-key")));
  }

  @Test
  void aSendTheEmailActivityApiDoesNotKnowIsUnknownUntilAbsentLongEnoughThenNotAccepted() {
    stub.stubFor(get(urlPathEqualTo(ACTIVITY)).willReturn(okJson("{\"messages\":[]}")));

    clock.advance(Settings.ABSENT_AFTER.minusMinutes(1));
    assertThat(sender.reconcile(message, T)).isEqualTo(Reconciliation.UNKNOWN);
    clock.advance(Duration.ofMinutes(2));
    assertThat(sender.reconcile(message, T)).isEqualTo(Reconciliation.NOT_ACCEPTED);
  }

  @Test
  void withoutTheEmailActivityAddOnNothingIsConcludedFromTheApi() {
    stub.stubFor(
        get(urlPathEqualTo(ACTIVITY))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"errors\":[{\"field\":null,\"message\":\"access forbidden\"}]}")));
    clock.advance(Duration.ofHours(2));

    assertThat(sender.reconcile(message, T)).isEqualTo(Reconciliation.UNKNOWN);
  }

  @Test
  void sendsV3MailWithOurIdInCustomArgsBothPartsAndTheMessagesOwnUnsubscribeHeaders() {
    stub.stubFor(
        post(SEND).willReturn(aResponse().withStatus(202).withHeader("X-Message-Id", "sg-abc123")));

    Delivery delivery = sender.send(message);

    assertThat(delivery.status()).isEqualTo("sent");
    assertThat(delivery.providerId()).isEqualTo("sg-abc123");
    assertThat(delivery.at()).isEqualTo(T);
    stub.verify(
        postRequestedFor(urlEqualTo(SEND))
            .withHeader("Authorization", equalTo("Bearer SG.test-key"))
            .withRequestBody(
                equalToJson(
                    """
                    {"from":{"email":"hello@whisperer.test"},
                     "subject":"Welcome aboard",
                     "personalizations":[{"to":[{"email":"ada@example.com"}]}],
                     "content":[{"type":"text/plain","value":"Hi Ada,\\n\\nGlad you are here."},
                                {"type":"text/html","value":"<p>Hi Ada,\\n\\nGlad you are here.</p>"}],
                     "headers":{"List-Unsubscribe":"<%s>",
                                "List-Unsubscribe-Post":"List-Unsubscribe=One-Click"},
                     "custom_args":{"whisperer_outbound_id":"m-1","whisperer_app_id":"app1"},
                     "tracking_settings":{"click_tracking":{"enable":false,"enable_text":false},
                                          "open_tracking":{"enable":false},
                                          "subscription_tracking":{"enable":false}}}"""
                        .formatted(OutboundMessages.unsubscribeUrl("m-1")),
                    false,
                    false)));
  }

  @Test
  void aBadRequestWithSendGridsErrorBodyIsARefusalNamingTheField() {
    stub.stubFor(
        post(SEND)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"errors":[{"message":"Does not contain a valid address.",
                          "field":"personalizations.0.to.0.email",
                          "help":"http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#message.personalizations.to"}]}""")));

    assertThatThrownBy(() -> sender.send(message))
        .isInstanceOfSatisfying(
            SendRejected.class,
            e -> assertThat(e.code()).isEqualTo("personalizations.0.to.0.email"));
  }

  @Test
  void tooManyRequestsCarriesTheRetryAfter() {
    stub.stubFor(
        post(SEND)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "7")
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"errors\":[{\"field\":null,\"message\":\"too many requests\"}]}")));

    assertThatThrownBy(() -> sender.send(message))
        .isInstanceOfSatisfying(
            ProviderUnavailable.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(7)));
  }

  @Test
  void aServerErrorIsNotAcceptedAndMayBeRetried() {
    stub.stubFor(post(SEND).willReturn(aResponse().withStatus(503)));

    assertThatThrownBy(() -> sender.send(message)).isExactlyInstanceOf(ProviderUnavailable.class);
  }

  @Test
  void aTimeoutAfterTheRequestWasWrittenLeavesTheOutcomeUnknown() {
    stub.stubFor(post(SEND).willReturn(aResponse().withStatus(202).withFixedDelay(2_000)));

    assertThatThrownBy(() -> sender.send(message)).isInstanceOf(OutcomeUnknown.class);
  }

  @Test
  void aRefusedConnectionIsCertainlyNotSent() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }

    assertThatThrownBy(() -> sender("http://127.0.0.1:" + closedPort).send(message))
        .isExactlyInstanceOf(ProviderUnavailable.class);
  }
}
