package dev.userwhisperer.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.ingest.ApiKeys;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.ApiKeyStore;
import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.DeliveryLedger;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.SentMessages;
import dev.userwhisperer.core.profile.ContactData;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Consent and privacy end to end, over HTTP: a user with an e-mail address, a phone number and a
 * push token signs up and gets the welcome; unsubscribes through its link; chooses channels on the
 * preference page; every statement is in the consent trail. Then no log line (everything the
 * process printed, our loggers at DEBUG) and no warehouse row holds the contact data raw. Then the
 * user is erased and no store holds a trace of them ({@link StoredText}), except the pseudonym of
 * the opted-out address; the same address coming back is suppressed. Run on each backend by a
 * subclass.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "whisperer.admin-enabled=true",
      "whisperer.admin-token=" + ApiClient.ADMIN_TOKEN,
      "whisperer.clock-start=2026-03-02T10:00:00Z",
      "whisperer.demo-api-key=" + PrivacyScenario.KEY,
      "whisperer.sweep-interval=1h",
      "logging.level.dev.userwhisperer=DEBUG"
    })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
abstract class PrivacyScenario {
  static final String KEY = "uw_privacy_test_key";
  static final String EMAIL = "grace.hopper@example.com";
  static final String PHONE = "+14155550199";
  static final String PUSH_TOKEN = "fcm-registration-token-grace-0123456789";
  static final List<String> CONTACT_DATA = List.of(EMAIL, PHONE, PUSH_TOKEN);
  static final String GRACE = LocalPlatformScenario.usersWhere(false, 5).get(4);

  /** The anonymous id Grace had before signing up, which an alias merges into her profile. */
  static final String DEVICE = "grace-phone-7f3a";

  /** Every test method's log lines: a method's {@link CapturedOutput} holds only its own. */
  private static final StringBuilder LOGGED = new StringBuilder();

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("whisperer.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;
  @Autowired ProfileStore profiles;
  @Autowired DecisionLog decisions;
  @Autowired ConsentTrail trail;
  @Autowired SentMessages sent;
  @Autowired DeliveryLedger ledger;
  @Autowired ApiKeyStore keys;
  @Autowired ApplicationContext context;

  static String welcomeOutboundId;

  ApiClient api() {
    return new ApiClient("http://localhost:" + port, KEY);
  }

  @BeforeAll
  static void noLogLinesYet() {
    LOGGED.setLength(0);
  }

  @AfterEach
  void keepTheLogLines(CapturedOutput output) {
    LOGGED.append(output.getAll());
  }

  @Test
  @Order(1)
  void aUserWithThreeAddressesSignsUpAndIsWelcomed() {
    ApiClient.Response anonymous =
        api()
            .postEvents(
                """
                {"batch":[
                  {"messageId":"p-0","type":"identify","anonymousId":"%s","timestamp":"2026-03-02T09:58:00Z",
                   "traits":{"consent":{"push":true}}}
                ]}
                """
                    .formatted(DEVICE));
    assertThat(anonymous.status()).as(anonymous.body()).isEqualTo(202);
    api().drain();
    ApiClient.Response accepted =
        api()
            .postEvents(
                """
                {"batch":[
                  {"messageId":"p-a","type":"alias","userId":"%1$s","timestamp":"2026-03-02T09:58:30Z",
                   "properties":{"previousId":"%2$s"}},
                  {"messageId":"p-1","type":"identify","userId":"%1$s","timestamp":"2026-03-02T09:59:00Z",
                   "traits":{"email":"%3$s","phone":"%4$s","push_token":"%5$s","firstName":"Grace",
                             "timezone":"Europe/Paris","consent":{"email":true,"sms":true,"push":true}}},
                  {"messageId":"p-2","type":"user_signup","userId":"%1$s","timestamp":"2026-03-02T10:00:00Z"}
                ]}
                """
                    .formatted(GRACE, DEVICE, EMAIL, PHONE, PUSH_TOKEN));
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    api().drain();

    JsonNode welcome = messagesTo(GRACE).get(0).get("message");
    welcomeOutboundId = welcome.get("outboundId").asText();
    assertThat(welcome.get("intervention").asText()).isEqualTo("welcome");
  }

  @Test
  @Order(2)
  void anUnsubscribeThroughTheLinkIsInTheConsentTrailWithItsSource() {
    String token = token("unsubscribe");
    assertThat(api().post("/v1/l/" + token + "/unsubscribe").status()).isEqualTo(200);
    api().drain();

    JsonNode user = api().get("/v1/users/" + GRACE).json();
    assertThat(user.get("profile").get("reachability").get("unsubscribed").toString())
        .contains("EMAIL");
    assertThat(trailOf(user))
        .containsExactly(
            "email true identify consent",
            "push true identify consent",
            "sms true identify consent",
            "email false unsubscribe_link unsubscribe");
  }

  @Test
  @Order(3)
  void thePreferencePageShowsTheChannelsAndSavesTheUsersChoiceAsConsent() {
    String token = token("unsubscribe");
    assertThat(api().get("/v1/l/" + token + "/unsubscribe").body())
        .as("the unsubscribe page leads to the preferences of the same token")
        .contains("<a href=\"preferences\">");
    ApiClient.Response page = api().get("/v1/l/" + token + "/preferences");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("name=\"email\" value=\"on\">")
        .contains("name=\"sms\" value=\"on\" checked>")
        .contains("name=\"push\" value=\"on\" checked>")
        .doesNotContain(EMAIL)
        .doesNotContain(PHONE);

    ApiClient.Response saved =
        api()
            .send(
                api()
                    .request("/v1/l/" + token + "/preferences")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("email=on&push=on")));
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    api().drain();

    JsonNode user = api().get("/v1/users/" + GRACE).json();
    JsonNode reach = user.get("profile").get("reachability");
    assertThat(reach.get("unsubscribed").isEmpty()).isTrue();
    assertThat(reach.get("consent").get("SMS").asBoolean()).isFalse();
    assertThat(trailOf(user))
        .endsWith(
            "email true preference_page consent",
            "push true preference_page consent",
            "sms false preference_page consent");
    JsonNode export = api().get("/v1/users/" + GRACE + "/export").json();
    // Grace's seven statements and the push consent she gave before signing up, merged by the alias
    assertThat(export.get("consentTrail").size()).isEqualTo(8);
    assertThat(export.get("mergedIds").toString()).isEqualTo("[\"anon:" + DEVICE + "\"]");
  }

  @Test
  @Order(4)
  void noLogLineAndNoWarehouseRowHoldsTheContactDataRaw(CapturedOutput output) {
    String logged = LOGGED + output.getAll();
    List<String> rows = new StoredText(context).warehouseRows();
    assertThat(rows).as("warehouse rows").isNotEmpty();
    assertThat(String.join("\n", rows)).contains(GRACE);
    for (String contact : CONTACT_DATA) {
      assertThat(rows).as("warehouse rows").noneMatch(r -> r.contains(contact));
      assertThat(logged).as("log lines").doesNotContain(contact);
    }
    assertThat(String.join("\n", rows)).contains(ContactData.pseudonym(EMAIL));
    assertThat(logged)
        .as("the scan covers the signup's lines too")
        .contains("pipeline connected", "accepted=3 duplicates=0");
  }

  @Test
  @Order(5)
  void erasingNeedsAKeyWithTheScopeUsersDelete() {
    String limited = "uw_privacy_test_key_events_only";
    keys.save(
        new ApiKey(
            ApiKeys.hash(limited),
            "demo",
            Set.of(ApiKey.EVENTS_WRITE, ApiKey.PROFILES_READ),
            Instant.parse("2026-03-02T10:00:00Z"),
            null));

    ApiClient eventsOnly = new ApiClient("http://localhost:" + port, limited);
    ApiClient.Response refused = eventsOnly.send(eventsOnly.request("/v1/users/" + GRACE).DELETE());

    assertThat(refused.status()).isEqualTo(403);
    OpenApiResponses.check("/v1/users/{userId}", "delete", 403, refused.json());
    assertThat(api().get("/v1/users/" + GRACE).status()).isEqualTo(200);
  }

  @Test
  @Order(6)
  void anErasureRemovesTheUserFromEveryStoreAndAnswersAReceipt() {
    ApiClient.Response erased = erase();

    assertThat(erased.status()).as(erased.body()).isEqualTo(200);
    OpenApiResponses.check("/v1/users/{userId}", "delete", 200, erased.json());
    JsonNode receipt = erased.json();
    assertThat(receipt.get("erasureId").asText()).startsWith("er_");
    assertThat(receipt.get("total").asLong()).isGreaterThan(10);
    Map<String, Long> counts = new java.util.HashMap<>();
    receipt
        .get("erased")
        .forEach(e -> counts.merge(e.get("store").asText(), e.get("count").asLong(), Long::sum));
    assertThat(counts).containsKeys("duckdb.events", "sqlite.outbox", "sqlite.delivery_ledger");
    // the anonymous identify, the alias, the identify, the signup, the unsubscribe and the
    // preference page's identify
    assertThat(counts.get("duckdb.events")).isEqualTo(6);
    // the anonymous profile the alias merged into Grace, erased with her
    assertThat(receipt.get("mergedIds").toString()).isEqualTo("[\"anon:" + DEVICE + "\"]");
    assertThat(counts.get("sqlite.outbox")).isEqualTo(1);
    // SMS was turned off on the preference page: its opt-out outlives the user, as a pseudonym
    assertThat(receipt.get("suppressionsKept").toString()).isEqualTo("[\"sms\"]");

    assertThat(api().get("/v1/users/" + GRACE).status()).isEqualTo(404);
    assertThat(api().get("/v1/users/" + GRACE + "/export").status()).isEqualTo(404);
    assertThat(messagesTo(GRACE)).isEmpty();
    assertThat(profiles.find("demo", GRACE)).isEmpty();
    assertThat(decisions.recent("demo", GRACE, 100)).isEmpty();
    assertThat(trail.list("demo", GRACE)).isEmpty();
    assertThat(trail.list("demo", "anon:" + DEVICE)).isEmpty();
    assertThat(profiles.find("demo", "anon:" + DEVICE)).isEmpty();
    assertThat(sent.find(welcomeOutboundId)).isEmpty();
    assertThat(ledger.find(welcomeOutboundId)).isEmpty();

    new StoredText(context)
        .assertNoTrace(List.of(GRACE, DEVICE, EMAIL, PHONE, PUSH_TOKEN, welcomeOutboundId));
  }

  @Test
  @Order(7)
  void erasingAgainRemovesNothingMore() {
    ApiClient.Response again = erase();

    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("total").asLong()).isZero();
  }

  @Test
  @Order(8)
  void theUserComingBackStartsAFreshProfileWhereTheKeptOptOutIsHonoured() {
    ApiClient.Response accepted =
        api()
            .postEvents(
                """
                {"batch":[{"messageId":"p-9","type":"identify","userId":"%s","timestamp":"2026-03-02T11:00:00Z",
                   "traits":{"phone":"%s","consent":{"sms":true}}}]}
                """
                    .formatted(GRACE, PHONE));
    assertThat(accepted.json().get("accepted").asInt()).isEqualTo(1);
    api().drain();

    JsonNode user = api().get("/v1/users/" + GRACE).json();
    JsonNode profile = user.get("profile");
    assertThat(profile.get("activity").get("eventCount").asInt()).isEqualTo(2);
    assertThat(profile.get("reachability").get("unsubscribed").toString()).isEqualTo("[\"SMS\"]");
    assertThat(trailOf(user))
        .containsExactly("sms true identify consent", "sms false suppression_list suppressed");
  }

  private ApiClient.Response erase() {
    return api().send(api().request("/v1/users/" + GRACE).DELETE());
  }

  private String token(String kind) {
    JsonNode welcome = messagesTo(GRACE).get(0).get("message");
    Matcher link =
        Pattern.compile("/v1/l/([^/\\s]+)/" + kind).matcher(welcome.get("body").asText());
    assertThat(link.find()).isTrue();
    return link.group(1);
  }

  private List<JsonNode> messagesTo(String userId) {
    return StreamSupport.stream(api().get("/v1/outbox").json().get("messages").spliterator(), false)
        .filter(m -> m.get("message").get("userId").asText().equals(userId))
        .toList();
  }

  private static List<String> trailOf(JsonNode user) {
    return StreamSupport.stream(user.get("consentTrail").spliterator(), false)
        .map(
            r ->
                String.join(
                    " ",
                    r.get("channel").asText().toLowerCase(java.util.Locale.ROOT),
                    r.get("granted").asText(),
                    r.get("source").asText().toLowerCase(java.util.Locale.ROOT),
                    r.get("detail").asText()))
        .toList();
  }
}
