package dev.userwhisperer.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.OutcomeUnknown;
import dev.userwhisperer.core.port.ProviderUnavailable;
import dev.userwhisperer.core.port.SendRejected;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.OutboundMessages;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FcmChannelSenderIT {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private static final String SEND = "/v1/projects/whisperer-test/messages:send";
  private static final String TOKEN = "/token";

  private final WireMockServer stub = new WireMockServer(options().dynamicPort());
  private final MutableClock clock = new MutableClock(T);
  private final List<OutboundMessage> unregistered = new ArrayList<>();
  private final OutboundMessage message = OutboundMessages.push("m-9", "device-token-1");
  private KeyPair serviceAccountKey;
  private FcmChannelSender sender;

  @BeforeEach
  void start() throws Exception {
    stub.start();
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    serviceAccountKey = rsa.generateKeyPair();
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(serviceAccountKey.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    String serviceAccount =
        Json.encodeToString(
            Map.of(
                "type", "service_account",
                "project_id", "whisperer-test",
                "private_key_id", "key-1",
                "private_key", pem,
                "client_email", "fcm-sender@whisperer-test.iam.gserviceaccount.com",
                "client_id", "1234567890",
                "token_uri", stub.baseUrl() + TOKEN));
    stub.stubFor(
        post(TOKEN)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"access_token\":\"ya29.test-token\",\"expires_in\":3599,\"token_type\":\"Bearer\"}")));
    sender =
        ProviderSenders.fcm(
            Settings.fcm(stub.baseUrl()),
            new EnvironmentSecrets(Map.of("FCM_SERVICE_ACCOUNT", serviceAccount), null),
            unregistered::add,
            clock);
  }

  @AfterEach
  void stop() {
    stub.stop();
  }

  @Test
  void sendsTheTitleAndBodyAsTheServiceAccountWithOurIdInTheDataPayload() throws Exception {
    stub.stubFor(
        post(SEND)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"name\":\"projects/whisperer-test/messages/0:1500415314455276%31bd1c9631bd1c96\"}")));

    Delivery delivery = sender.send(message);

    assertThat(delivery.providerId())
        .isEqualTo("projects/whisperer-test/messages/0:1500415314455276%31bd1c9631bd1c96");
    stub.verify(
        postRequestedFor(urlEqualTo(SEND))
            .withHeader("Authorization", equalTo("Bearer ya29.test-token"))
            .withRequestBody(
                equalToJson(
                    """
                    {"message":{"token":"device-token-1",
                      "notification":{"title":"Tempo","body":"Glad you are here."},
                      "data":{"whisperer_outbound_id":"m-9","whisperer_app_id":"app1"},
                      "android":{"collapse_key":"m-9"},
                      "apns":{"headers":{"apns-collapse-id":"m-9"}}}}""")));
    LoggedRequest tokenRequest =
        stub.findAll(postRequestedFor(urlEqualTo(TOKEN))).stream().findFirst().orElseThrow();
    assertThat(tokenRequest.getBodyAsString())
        .contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer");
    assertSignedByTheServiceAccountForFcm(tokenRequest.getBodyAsString());
  }

  private void assertSignedByTheServiceAccountForFcm(String form) throws Exception {
    String assertion =
        URLDecoder.decode(form.replaceAll(".*assertion=([^&]*).*", "$1"), StandardCharsets.UTF_8);
    String[] jwt = assertion.split("\\.");
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initVerify(serviceAccountKey.getPublic());
    rs256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rs256.verify(Base64.getUrlDecoder().decode(jwt[2]))).isTrue();
    JsonNode claims = Json.tree(Base64.getUrlDecoder().decode(jwt[1]));
    assertThat(claims.path("scope").asString()).isEqualTo(FcmChannelSender.SCOPE);
    assertThat(claims.path("iss").asString())
        .isEqualTo("fcm-sender@whisperer-test.iam.gserviceaccount.com");
  }

  @Test
  void anUnregisteredTokenIsRemovedAndTheMessageRefused() {
    stub.stubFor(
        post(SEND)
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"error":{"code":404,"message":"Requested entity was not found.","status":"NOT_FOUND",
                          "details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError",
                                      "errorCode":"UNREGISTERED"}]}}""")));

    assertThatThrownBy(() -> sender.send(message))
        .isInstanceOfSatisfying(
            SendRejected.class, e -> assertThat(e.code()).isEqualTo("UNREGISTERED"));
    assertThat(unregistered).containsExactly(message);
  }

  @Test
  void anInvalidArgumentIsRefusedWithoutTouchingTheToken() {
    stub.stubFor(
        post(SEND)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"error":{"code":400,"message":"The registration token is not a valid FCM registration token",
                          "status":"INVALID_ARGUMENT",
                          "details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError",
                                      "errorCode":"INVALID_ARGUMENT"}]}}""")));

    assertThatThrownBy(() -> sender.send(message))
        .isInstanceOfSatisfying(
            SendRejected.class, e -> assertThat(e.code()).isEqualTo("INVALID_ARGUMENT"));
    assertThat(unregistered).isEmpty();
  }

  @Test
  void quotaExceededCarriesTheRetryAfter() {
    stub.stubFor(
        post(SEND)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "11")
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED",
                          "details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError",
                                      "errorCode":"QUOTA_EXCEEDED"}]}}""")));

    assertThatThrownBy(() -> sender.send(message))
        .isInstanceOfSatisfying(
            ProviderUnavailable.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(11)));
  }

  @Test
  void aTimeoutLeavesTheOutcomeUnknown() {
    stub.stubFor(post(SEND).willReturn(aResponse().withFixedDelay(2_000).withBody("{}")));

    assertThatThrownBy(() -> sender.send(message)).isInstanceOf(OutcomeUnknown.class);
  }
}
