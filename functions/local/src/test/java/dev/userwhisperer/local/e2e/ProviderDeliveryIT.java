package dev.userwhisperer.local.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.userwhisperer.core.json.Json;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The local runner routed to SendGrid (a stub speaking its API): a signup's welcome leaves through
 * SendGrid with our id in its custom_args, and SendGrid's signed Event Webhook brings the open back
 * into the profile, once however often SendGrid retries; an unsigned call changes nothing.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "whisperer.admin-enabled=true",
      "whisperer.admin-token=" + ApiClient.ADMIN_TOKEN,
      "whisperer.clock-start=2026-03-02T10:00:00Z",
      "whisperer.demo-api-key=" + ProviderDeliveryIT.KEY,
      "whisperer.sweep-interval=1h",
      "whisperer.delivery.routes=*:email=sendgrid",
      "whisperer.delivery.sendgrid.from=hello@whisperer.test"
    })
class ProviderDeliveryIT {
  static final String KEY = "uw_provider_delivery_key";
  static final String ADA = LocalPlatformScenario.usersWhere(false, 1).get(0);

  static final WireMockServer SENDGRID = new WireMockServer(options().dynamicPort());
  static final KeyPair WEBHOOK_KEY;
  static final Path DATA;

  static {
    try {
      KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
      ec.initialize(new ECGenParameterSpec("secp256r1"));
      WEBHOOK_KEY = ec.generateKeyPair();
      DATA = Files.createTempDirectory("provider-delivery");
      Path secrets = Files.createDirectories(DATA.resolve("secrets"));
      Files.writeString(secrets.resolve("SENDGRID_API_KEY"), "SG.local-test");
      Files.writeString(
          secrets.resolve("SENDGRID_WEBHOOK_VERIFICATION_KEY"),
          Base64.getEncoder().encodeToString(WEBHOOK_KEY.getPublic().getEncoded()));
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
    SENDGRID.start();
    SENDGRID.stubFor(
        post("/v3/mail/send")
            .willReturn(aResponse().withStatus(202).withHeader("X-Message-Id", "sg-local-1")));
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("whisperer.data-dir", () -> DATA.resolve("data").toString());
    registry.add("whisperer.secrets-dir", () -> DATA.resolve("secrets").toString());
    registry.add("whisperer.delivery.sendgrid.base-url", SENDGRID::baseUrl);
  }

  @AfterAll
  static void stop() {
    SENDGRID.stop();
  }

  @LocalServerPort int port;

  private ApiClient api() {
    return new ApiClient("http://localhost:" + port, KEY);
  }

  private ApiClient.Response webhook(String payload, boolean signed) throws Exception {
    String timestamp = "1772445600";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/v1/webhooks/sendgrid"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(payload));
    if (signed) {
      Signature ecdsa = Signature.getInstance("SHA256withECDSA");
      ecdsa.initSign(WEBHOOK_KEY.getPrivate());
      ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
      ecdsa.update(payload.getBytes(StandardCharsets.UTF_8));
      request
          .header(
              "X-Twilio-Email-Event-Webhook-Signature",
              Base64.getEncoder().encodeToString(ecdsa.sign()))
          .header("X-Twilio-Email-Event-Webhook-Timestamp", timestamp);
    }
    return api().send(request);
  }

  @Test
  void theWelcomeGoesThroughSendGridAndItsSignedWebhookClosesTheLoopOnce() throws Exception {
    assertThat(
            api()
                .postEvents(
                    """
                    {"batch":[
                      {"messageId":"p-1","type":"identify","userId":"%1$s","timestamp":"2026-03-02T09:59:00Z",
                       "traits":{"email":"ada@example.com","firstName":"Ada","timezone":"Europe/Paris","consent":{"email":true}}},
                      {"messageId":"p-2","type":"user_signup","userId":"%1$s","timestamp":"2026-03-02T10:00:00Z"}]}"""
                        .formatted(ADA))
                .status())
        .isEqualTo(202);
    api().drain();

    List<LoggedRequest> sends = SENDGRID.findAll(postRequestedFor(urlEqualTo("/v3/mail/send")));
    assertThat(sends).hasSize(1);
    JsonNode mail = Json.tree(sends.get(0).getBody());
    String messageId = mail.get("custom_args").get("whisperer_outbound_id").asText();
    assertThat(mail.get("personalizations").get(0).get("to").get(0).get("email").asText())
        .isEqualTo("ada@example.com");
    assertThat(mail.get("headers").get("List-Unsubscribe").asText()).contains("/unsubscribe");
    assertThat(mail.get("headers").get("List-Unsubscribe-Post").asText())
        .isEqualTo("List-Unsubscribe=One-Click");
    assertThat(sends.get(0).getHeader("Authorization")).isEqualTo("Bearer SG.local-test");

    String events =
        """
        [{"email":"ada@example.com","timestamp":1772445600,"event":"delivered","sg_event_id":"ev-1",
          "sg_message_id":"sg-local-1.filter","whisperer_outbound_id":"%1$s","whisperer_app_id":"demo"},
         {"email":"ada@example.com","timestamp":1772445660,"event":"open","sg_event_id":"ev-2",
          "sg_message_id":"sg-local-1.filter","whisperer_outbound_id":"%1$s","whisperer_app_id":"demo"}]"""
            .formatted(messageId);
    assertThat(webhook(events, false).status()).isEqualTo(401);
    assertThat(webhook(events, true).status()).isEqualTo(200);
    assertThat(webhook(events, true).status()).as("SendGrid retries").isEqualTo(200);
    api().drain();

    JsonNode profile = api().get("/v1/users/" + ADA).json().get("profile");
    assertThat(profile.get("activity").get("countsByType").get("email_opened").asInt())
        .isEqualTo(1);
    assertThat(SENDGRID.findAll(postRequestedFor(urlEqualTo("/v3/mail/send")))).hasSize(1);
  }
}
