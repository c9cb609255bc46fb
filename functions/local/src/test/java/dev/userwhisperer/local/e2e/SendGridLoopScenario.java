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
import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.local.time.SimulatedClock;
import dev.userwhisperer.local.warehouse.DuckDbWarehouse;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The loop through a real provider adapter, as a user configures it: the local runner with SendGrid
 * as the e-mail provider ({@code whisperer.delivery.routes=*:email=sendgrid}, the API key and the
 * Event Webhook's verification key as secrets files), SendGrid played by a stub speaking its API. A
 * signup's welcome leaves through SendGrid from the app's configured identity; SendGrid's {@code
 * delivered} and {@code open} events, signed with ECDSA as SendGrid signs them, reach the profile
 * and the warehouse once however often SendGrid retries, and the bandits count the open; a mail
 * client's one-click unsubscribe (RFC 8058 POST) stops the next message; the user's erasure leaves
 * no trace in any store ({@link StoredText}). Run on each backend by a subclass. (The consent
 * trail, the preference page and the erasure receipt are {@link PrivacyScenario}'s.)
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "whisperer.admin-enabled=true",
      "whisperer.admin-token=" + ApiClient.ADMIN_TOKEN,
      "whisperer.clock-start=2026-03-02T10:00:00Z",
      "whisperer.demo-api-key=" + SendGridLoopScenario.KEY,
      "whisperer.sweep-interval=1h",
      "whisperer.delivery.routes=*:email=sendgrid",
      "whisperer.delivery.sendgrid.from=deployment@whisperer.test"
    })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class SendGridLoopScenario {
  static final String KEY = "uw_sendgrid_loop_key";
  static final String ADA = LocalPlatformScenario.usersWhere(false, 1).get(0);
  static final String SEND = "/v3/mail/send";

  /** What SendGrid signs with; the app holds the public half as its verification key. */
  static final KeyPair WEBHOOK_KEY;

  static final Path SECRETS;
  static final WireMockServer SENDGRID = new WireMockServer(options().dynamicPort());

  static {
    try {
      KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
      ec.initialize(new ECGenParameterSpec("secp256r1"));
      WEBHOOK_KEY = ec.generateKeyPair();
      SECRETS = Files.createTempDirectory("sendgrid-loop-secrets");
      Files.writeString(SECRETS.resolve("SENDGRID_API_KEY"), "SG.local-test");
      Files.writeString(
          SECRETS.resolve("SENDGRID_WEBHOOK_VERIFICATION_KEY"),
          Base64.getEncoder().encodeToString(WEBHOOK_KEY.getPublic().getEncoded()));
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @TempDir static Path dataDir;

  /** Set by the ordered steps, read by the later ones. */
  private static String outboundId;

  private static String listUnsubscribe;

  @BeforeAll
  static void sendGrid() {
    if (!SENDGRID.isRunning()) {
      SENDGRID.start();
    }
    SENDGRID.resetAll();
    SENDGRID.stubFor(
        post(SEND)
            .willReturn(aResponse().withStatus(202).withHeader("X-Message-Id", "sg-local-1")));
  }

  @AfterAll
  static void stopSendGrid() {
    SENDGRID.stop();
  }

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    registry.add("whisperer.data-dir", () -> dataDir.toString());
    registry.add("whisperer.secrets-dir", SECRETS::toString);
    registry.add("whisperer.delivery.sendgrid.base-url", SENDGRID::baseUrl);
  }

  @LocalServerPort int port;
  @Autowired DuckDbWarehouse warehouse;
  @Autowired ArmStatistics armStatistics;
  @Autowired SimulatedClock clock;
  @Autowired ApplicationContext context;

  private ApiClient api() {
    return new ApiClient("http://localhost:" + port, KEY);
  }

  private List<LoggedRequest> sends() {
    return SENDGRID.findAll(postRequestedFor(urlEqualTo(SEND)));
  }

  @Test
  @Order(1)
  void theWelcomeLeavesThroughSendGridFromTheAppsIdentityWithOnlyOurOwnLinks() {
    assertThat(
            api()
                .postEvents(
                    """
                    {"batch":[
                      {"messageId":"sg-1","type":"identify","userId":"%1$s","timestamp":"2026-03-02T09:59:00Z",
                       "traits":{"email":"ada@example.com","firstName":"Ada","timezone":"Europe/Paris","consent":{"email":true}}},
                      {"messageId":"sg-2","type":"user_signup","userId":"%1$s","timestamp":"2026-03-02T10:00:00Z"}]}"""
                        .formatted(ADA))
                .status())
        .isEqualTo(202);
    api().drain();

    assertThat(sends()).hasSize(1);
    LoggedRequest send = sends().get(0);
    assertThat(send.getHeader("Authorization")).isEqualTo("Bearer SG.local-test");
    JsonNode mail = Json.tree(send.getBody());
    outboundId = mail.get("custom_args").get("whisperer_outbound_id").asText();
    assertThat(mail.get("custom_args").get("whisperer_app_id").asText()).isEqualTo("demo");
    assertThat(mail.get("personalizations").get(0).get("to").get(0).get("email").asText())
        .isEqualTo("ada@example.com");
    // the demo app's configured identity, not the deployment's default sender
    assertThat(mail.get("from").get("email").asText()).isEqualTo("hello@tempo.example.com");
    assertThat(mail.get("from").get("name").asText()).isEqualTo("Tempo");
    assertThat(mail.get("reply_to").get("email").asText()).isEqualTo("support@tempo.example.com");
    // our signed links and pixel stay as compose wrote them
    JsonNode tracking = mail.get("tracking_settings");
    assertThat(tracking.get("click_tracking").get("enable").asBoolean()).isFalse();
    assertThat(tracking.get("open_tracking").get("enable").asBoolean()).isFalse();
    listUnsubscribe = mail.get("headers").get("List-Unsubscribe").asText();
    assertThat(listUnsubscribe).matches("<https?://[^>]+/v1/l/[^/>]+/unsubscribe>");
    assertThat(listUnsubscribe).doesNotContain(outboundId);
    assertThat(mail.get("headers").get("List-Unsubscribe-Post").asText())
        .isEqualTo("List-Unsubscribe=One-Click");
    assertThat(deliveryStatuses()).containsExactly("sent");
    assertThat(api().get("/v1/outbox").json().get("messages").get(0).get("status").asText())
        .isEqualTo("sent");
  }

  @Test
  @Order(2)
  void signedDeliveredAndOpenEventsReachTheProfileOnceHoweverOftenSendGridRetries() {
    String events =
        """
        [{"email":"ada@example.com","timestamp":1772445600,"event":"delivered","sg_event_id":"ev-1",
          "sg_message_id":"sg-local-1.filter","whisperer_outbound_id":"%1$s","whisperer_app_id":"demo"},
         {"email":"ada@example.com","timestamp":1772445660,"event":"open","sg_event_id":"ev-2",
          "sg_message_id":"sg-local-1.filter","whisperer_outbound_id":"%1$s","whisperer_app_id":"demo"}]"""
            .formatted(outboundId);

    assertThat(webhook(events, false).status()).isEqualTo(401);
    assertThat(webhook(events.replace("open", "click"), true, events).status())
        .as("a body other than the one signed")
        .isEqualTo(401);
    assertThat(webhook(events, true).status()).isEqualTo(200);
    assertThat(webhook(events, true).status()).as("SendGrid retries").isEqualTo(200);
    api().drain();

    JsonNode profile = user().get("profile");
    assertThat(profile.get("activity").get("countsByType").get("email_opened").asInt())
        .isEqualTo(1);
    assertThat(profile.get("activity").get("countsByType").has("email_clicked")).isFalse();
    assertThat(profile.get("responsiveness").get("pending"))
        .singleElement()
        .satisfies(p -> assertThat(p.get("answer").asText()).isEqualTo("ENGAGED"));
    assertThat(deliveryStatuses()).containsExactlyInAnyOrder("sent", "delivered", "opened");
    assertThat(sends()).hasSize(1);
    JsonNode listed = api().get("/v1/outbox").json().get("messages").get(0);
    assertThat(listed.get("message").get("outboundId").asText()).isEqualTo(outboundId);
    assertThat(listed.get("status").asText())
        .as("the outbox follows the webhooks")
        .isEqualTo("opened");
    assertThat(listed.get("openedAt").asText()).startsWith("2026-03-02T");
  }

  @Test
  @Order(3)
  void aMailClientsOneClickUnsubscribeByPostWithdrawsEmailConsent() {
    String path = URI.create(listUnsubscribe.substring(1, listUnsubscribe.length() - 1)).getPath();

    ApiClient.Response prefetch = api().get(path);
    assertThat(prefetch.status()).as("a link scanner's GET changes nothing").isEqualTo(200);
    assertThat(user().get("profile").get("reachability").get("unsubscribed").toString())
        .doesNotContain("EMAIL");

    // RFC 8058: the client POSTs List-Unsubscribe=One-Click to the List-Unsubscribe URL
    ApiClient.Response oneClick =
        api()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")));
    assertThat(oneClick.status()).isEqualTo(200);
    api().drain();

    assertThat(user().get("profile").get("reachability").get("unsubscribed").toString())
        .contains("EMAIL");
  }

  @Test
  @Order(4)
  void theNextSignalSendsNothingAndTheBanditsCountTheOpenedWelcome() {
    Map<String, ?> before = Map.copyOf(armStatistics.counts("demo", clock.instant()));

    api().advanceClock(Duration.ofDays(8));

    List<JsonNode> decisions =
        StreamSupport.stream(user().get("recentDecisions").spliterator(), false).toList();
    assertThat(decisions)
        .extracting(d -> d.get("signalType").asText() + " " + d.get("reason").asText())
        .contains("INACTIVE unsubscribed");
    assertThat(sends()).as("nothing more left through SendGrid").hasSize(1);
    // the welcome's window ended with the next decision: its open is a success of the e-mail arm,
    // in the user's profile and in the app's counts the bandits read
    JsonNode arms = user().get("profile").get("responsiveness").get("arms");
    assertThat(arms.get("email").get("successes").asInt()).isEqualTo(1);
    assertThat(arms.get("email").get("failures").asInt()).isZero();
    assertThat(before).doesNotContainKey("email");
    var appCounts = armStatistics.counts("demo", clock.instant());
    assertThat(appCounts.get("email").successes()).isEqualTo(1);
    assertThat(appCounts.get("email").failures()).isZero();
  }

  @Test
  @Order(5)
  void anErasureLeavesNoTraceOfTheUserInAnyStore() {
    ApiClient.Response erased = api().send(api().request("/v1/users/" + ADA).DELETE());

    assertThat(erased.status()).as(erased.body()).isEqualTo(200);
    assertThat(erased.json().get("total").asLong()).isPositive();
    assertThat(api().get("/v1/users/" + ADA).status()).isEqualTo(404);
    new StoredText(context)
        .assertNoTrace(List.of(ADA, "ada@example.com", outboundId, "sg-local-1", "Ada"));
  }

  private JsonNode user() {
    ApiClient.Response response = api().get("/v1/users/" + ADA);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  /** The message's rows in the warehouse's deliveries table, oldest first. */
  private List<String> deliveryStatuses() {
    api().drain();
    return warehouse
        .query(
            "SELECT status FROM deliveries WHERE outbound_id = '"
                + outboundId
                + "' ORDER BY \"at\", status")
        .stream()
        .map(row -> String.valueOf(row.get("status")))
        .toList();
  }

  private ApiClient.Response webhook(String payload, boolean signed) {
    return webhook(payload, signed, payload);
  }

  /** Signs {@code signedPayload} as SendGrid does (ECDSA P-256 over timestamp + body). */
  private ApiClient.Response webhook(String payload, boolean signed, String signedPayload) {
    String timestamp = "1772445600";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/webhooks/sendgrid"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(payload));
    if (signed) {
      try {
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initSign(WEBHOOK_KEY.getPrivate());
        ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
        ecdsa.update(signedPayload.getBytes(StandardCharsets.UTF_8));
        request
            .header(
                "X-Twilio-Email-Event-Webhook-Signature",
                Base64.getEncoder().encodeToString(ecdsa.sign()))
            .header("X-Twilio-Email-Event-Webhook-Timestamp", timestamp);
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
    return api().send(request);
  }
}
