package dev.userwhisperer.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.decide.Decider;
import dev.userwhisperer.core.decide.DecisionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole platform in one process on a random port, driven over HTTP only: events for several
 * users, the clock moved forward, feedback sent back; then profiles, decisions with their reasons,
 * the outbox and the holdout are checked. The clock starts on Monday 2 March 2026, 10:00 UTC. Run
 * on each backend by a subclass.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "whisperer.admin-enabled=true",
      "whisperer.admin-token=" + ApiClient.ADMIN_TOKEN,
      "whisperer.clock-start=2026-03-02T10:00:00Z",
      "whisperer.demo-api-key=" + LocalPlatformScenario.KEY,
      "whisperer.sweep-interval=1h"
    })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class LocalPlatformScenario {
  static final String KEY = "uw_end_to_end_test_key";

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("whisperer.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;

  /** Users chosen so that the test knows who is in the deterministic 10 % holdout. */
  static final List<String> MESSAGED = usersWhere(false, 3);

  static final String ADA = MESSAGED.get(0);
  static final String NIGHT_OWL = MESSAGED.get(1);
  static final String SMS_ONLY = MESSAGED.get(2);
  static final String HELD_OUT = usersWhere(true, 1).get(0);

  /**
   * The night owl has used a feature, so is activated: their week of silence brings a win-back, not
   * the onboarding nudge (and then a frequency cap) of a user who never activated.
   */
  static final String FIRST_BATCH =
      """
      {"batch":[
        {"messageId":"e2e-1","type":"identify","userId":"%1$s","timestamp":"2026-03-02T09:59:00Z",
         "traits":{"email":"ada@example.com","firstName":"Ada","timezone":"Europe/Paris","consent":{"email":true}}},
        {"messageId":"e2e-2","type":"user_signup","userId":"%1$s","timestamp":"2026-03-02T10:00:00Z"},
        {"messageId":"e2e-3","type":"identify","userId":"%2$s","timestamp":"2026-03-02T09:59:00Z",
         "traits":{"email":"owl@example.com","firstName":"Olu","timezone":"America/Los_Angeles"}},
        {"messageId":"e2e-4","type":"user_signup","userId":"%2$s","timestamp":"2026-03-02T10:00:00Z"},
        {"messageId":"e2e-10","type":"feature_used","userId":"%2$s","timestamp":"2026-03-02T09:59:30Z",
         "properties":{"feature":"search"}},
        {"messageId":"e2e-5","type":"identify","userId":"%3$s","timestamp":"2026-03-02T09:59:00Z",
         "traits":{"phone":"+14155550100","timezone":"Europe/Paris"}},
        {"messageId":"e2e-6","type":"payment_failed","userId":"%3$s","timestamp":"2026-03-02T10:00:00Z"},
        {"messageId":"e2e-7","type":"identify","userId":"%4$s","timestamp":"2026-03-02T09:59:00Z",
         "traits":{"email":"held@example.com","timezone":"Europe/Paris"}},
        {"messageId":"e2e-8","type":"user_signup","userId":"%4$s","timestamp":"2026-03-02T10:00:00Z"},
        {"messageId":"e2e-9","type":"feature_used","userId":"%1$s","timestamp":"2026-03-02T10:01:00Z",
         "properties":{"feature":"export"}}
      ]}
      """
          .formatted(ADA, NIGHT_OWL, SMS_ONLY, HELD_OUT);

  static final String ADA_IN_WEEK_TWO =
      """
      {"batch":[
        {"messageId":"e2e-11","type":"session_started","userId":"%s","timestamp":"2026-03-10T12:00:00Z"}
      ]}
      """
          .formatted(ADA);

  private ApiClient api() {
    return new ApiClient("http://localhost:" + port, KEY);
  }

  @Test
  @Order(1)
  void eventsForSeveralUsersAreAcceptedAndBuildTheirProfiles() {
    ApiClient.Response response = api().postEvents(FIRST_BATCH);

    assertThat(response.status()).isEqualTo(202);
    assertThat(response.json().get("accepted").asInt()).isEqualTo(10);
    api().drain();

    JsonNode ada = user(ADA).get("profile");
    assertThat(ada.get("activity").get("eventCount").asInt()).isEqualTo(3);
    assertThat(ada.get("activity").get("countsByType").get("feature_used").asInt()).isEqualTo(1);
    assertThat(ada.get("reachability").get("email").asText()).isEqualTo("ada@example.com");
    assertThat(ada.get("lifecycle").asText()).isEqualTo("ACTIVATED");
  }

  @Test
  @Order(2)
  void everyDecisionIsRecordedWithItsReasonCandidatesAndPropensity() {
    // a welcome answers the signup: sent at once, not at a bandit-chosen hour
    JsonNode ada = latestDecision(ADA);
    assertThat(summary(ada)).isEqualTo("SEND eligible welcome EMAIL");
    assertThat(ada.get("sendAt").asText()).isEqualTo("2026-03-02T10:00:00Z");
    assertThat(ada.get("candidates").get(0).get("intervention").asText()).isEqualTo("welcome");
    assertThat(ada.get("propensity").asDouble()).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
    // 02:00 in Los Angeles is within quiet hours, but the owl has just signed up and is awake
    assertThat(summary(latestDecision(NIGHT_OWL))).isEqualTo("SEND eligible welcome EMAIL");
    // SMS needs explicit consent
    assertThat(summary(latestDecision(SMS_ONLY)))
        .isEqualTo("NOT_ELIGIBLE no_consent payment_failed null");
    assertThat(summary(latestDecision(HELD_OUT))).isEqualTo("HELD_OUT holdout welcome null");
  }

  @Test
  @Order(3)
  void bothWelcomeEmailsAreInTheOutboxAndNothingGoesToTheHoldout() {
    api().advanceClock(Duration.ofHours(24));

    List<JsonNode> messages = outbox();
    assertThat(messages)
        .extracting(m -> m.get("message").get("userId").asText())
        .containsExactlyInAnyOrder(ADA, NIGHT_OWL);
    assertThat(messages)
        .filteredOn(m -> m.get("message").get("userId").asText().equals(ADA))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.get("message").get("to").asText()).isEqualTo("ada@example.com");
              assertThat(m.get("message").get("subject").asText()).contains("Ada");
              assertThat(m.get("message").get("body").asText()).contains("/unsubscribe");
            });
  }

  @Test
  @Order(4)
  void aResentBatchIsAllDuplicatesAndChangesNothing() {
    String profileBefore = user(ADA).get("profile").toString();

    ApiClient.Response again = api().postEvents(FIRST_BATCH);
    api().drain();

    assertThat(again.status()).isEqualTo(202);
    assertThat(again.json().get("duplicates").asInt()).isEqualTo(10);
    assertThat(again.json().get("accepted").asInt()).isZero();
    assertThat(user(ADA).get("profile").toString()).isEqualTo(profileBefore);
    assertThat(outbox()).hasSize(2);
  }

  @Test
  @Order(6)
  void opensAndUnsubscribesFlowBackIntoTheProfile() {
    JsonNode welcome =
        outbox().stream()
            .filter(m -> m.get("message").get("userId").asText().equals(ADA))
            .findFirst()
            .orElseThrow()
            .get("message");
    String outboundId = welcome.get("outboundId").asText();
    Matcher link =
        Pattern.compile("/v1/l/([^/\\s]+)/unsubscribe").matcher(welcome.get("body").asText());
    assertThat(link.find()).as("the welcome carries a signed unsubscribe link").isTrue();
    String token = link.group(1);
    assertThat(token).doesNotContain(outboundId);

    ApiClient.Response open = api().get("/v1/l/" + token + "/open");
    assertThat(open.status()).isEqualTo(200);
    assertThat(open.raw().headers().firstValue("Content-Type")).contains("image/gif");
    ApiClient.Response page = api().get("/v1/l/" + token + "/unsubscribe");
    assertThat(page.body()).contains("<form method=\"post\"");
    assertThat(api().post("/v1/l/" + token + "/unsubscribe").status()).isEqualTo(200);
    ApiClient.Response unknown = api().post("/v1/outbox/no-such-message/open");
    assertThat(unknown.status()).isEqualTo(404);
    OpenApiResponses.check("/v1/outbox/{outboundId}/{kind}", "post", 404, unknown.json());
    api().drain();

    JsonNode ada = user(ADA).get("profile");
    assertThat(ada.get("activity").get("countsByType").get("email_opened").asInt()).isEqualTo(1);
    assertThat(ada.get("reachability").get("unsubscribed").toString()).contains("EMAIL");
    // the open answers the welcome at once; it counts for its channel and hour when its window ends
    assertThat(ada.get("responsiveness").get("pending"))
        .singleElement()
        .satisfies(p -> assertThat(p.get("answer").asText()).isEqualTo("ENGAGED"));
    assertThat(ada.get("responsiveness").get("arms").isEmpty()).isTrue();
  }

  @Test
  @Order(7)
  void aWeekOfSilenceBringsNoWinBackToTheFatiguedTheUnsubscribedOrTheHoldout() {
    api().advanceClock(Duration.ofDays(8));

    // which of the inactive's interventions a held decision names is the ranking's Thompson draw
    assertThat(decisions(ADA))
        .extracting(d -> d.get("signalType").asText() + " " + summary(d))
        .anyMatch(s -> s.matches("INACTIVE NOT_ELIGIBLE unsubscribed (winback|feature_tip) null"));
    // the owl is activated, so gets a tip on day 3; the welcome and the tip went unanswered, which
    // halves the weekly cap to one, and the tip has taken it: no win-back this week
    assertThat(outbox())
        .filteredOn(m -> m.get("message").get("userId").asText().equals(NIGHT_OWL))
        .extracting(m -> m.get("message").get("intervention").asText())
        .containsExactlyInAnyOrder("welcome", "feature_tip");
    assertThat(decisions(NIGHT_OWL))
        .extracting(d -> d.get("signalType").asText() + " " + summary(d))
        .anyMatch(s -> s.matches("INACTIVE NOT_ELIGIBLE frequency_cap (winback|feature_tip) null"));
    JsonNode ada = user(ADA).get("profile");
    assertThat(ada.get("lifecycle").asText()).isEqualTo("AT_RISK");
    // the win-back decision, past the welcome's window, settled it as a success of its channel
    assertThat(ada.get("responsiveness").get("arms").get("email").get("successes").asInt())
        .isEqualTo(1);
    assertThat(ada.get("responsiveness").get("pending")).isEmpty();
    assertThat(outbox())
        .noneSatisfy(m -> assertThat(m.get("message").get("userId").asText()).isEqualTo(HELD_OUT));
    assertThat(decisions(HELD_OUT))
        .extracting(d -> d.get("outcome").asText())
        .isNotEmpty()
        .containsOnly("HELD_OUT");
  }

  @Test
  @Order(8)
  void learningCountsTheWelcomeOutcomesOnceTheirFourteenDaysHavePassed() {
    // retained means active in the second week after the decision: Ada comes back on day 8
    assertThat(api().postEvents(ADA_IN_WEEK_TWO).status()).isEqualTo(202);
    api().drain();
    api().advanceClock(Duration.ofDays(8));

    ApiClient.Response response = api().adminPost("/admin/learn");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<JsonNode> cells =
        StreamSupport.stream(response.json().get("table").get("cells").spliterator(), false)
            .toList();
    List<JsonNode> welcome =
        cells.stream().filter(c -> c.get("intervention").asText().equals("welcome")).toList();
    // Ada and the night owl were sent the welcome, Ada came back in its second week; the
    // held-out user was not, and did not
    assertThat(welcome.stream().mapToLong(c -> c.get("treated").get("decisions").asLong()).sum())
        .isEqualTo(2);
    assertThat(welcome.stream().mapToLong(c -> c.get("treated").get("retained").asLong()).sum())
        .isEqualTo(1);
    assertThat(welcome.stream().mapToLong(c -> c.get("control").get("decisions").asLong()).sum())
        .isEqualTo(1);
    assertThat(welcome.stream().mapToLong(c -> c.get("control").get("retained").asLong()).sum())
        .isZero();
    // the win-backs of a week ago are still inside their window
    assertThat(cells).noneMatch(c -> c.get("intervention").asText().equals("winback"));
  }

  @Test
  @Order(9)
  void anExportHoldsTheProfileWithItsConsentTheDecisionsAndTheMessagesSent() {
    ApiClient.Response export = api().get("/v1/users/" + ADA + "/export");

    assertThat(export.status()).as(export.body()).isEqualTo(200);
    OpenApiResponses.check("/v1/users/{userId}/export", "get", 200, export.json());
    JsonNode body = export.json();
    assertThat(body.get("profile").get("reachability").get("email").asText())
        .isEqualTo("ada@example.com");
    assertThat(body.get("decisions").size()).isGreaterThanOrEqualTo(2);
    assertThat(body.get("profile").get("reachability").get("unsubscribed").toString())
        .contains("EMAIL");
    assertThat(body.get("messages"))
        .singleElement()
        .satisfies(
            m -> assertThat(m.get("message").get("to").asText()).isEqualTo("ada@example.com"));
    assertThat(api().get("/v1/users/nobody/export").status()).isEqualTo(404);
  }

  /**
   * outcome, reason, intervention and channel of a decision, e.g. {@code SEND eligible welcome
   * EMAIL}.
   */
  private static String summary(JsonNode decision) {
    return String.join(
        " ",
        List.of("outcome", "reason", "intervention", "channel").stream()
            .map(field -> decision.get(field).isNull() ? "null" : decision.get(field).asText())
            .toList());
  }

  private JsonNode user(String userId) {
    ApiClient.Response response = api().get("/v1/users/" + userId);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    OpenApiResponses.check("/v1/users/{userId}", "get", 200, response.json());
    return response.json();
  }

  private List<JsonNode> decisions(String userId) {
    return StreamSupport.stream(user(userId).get("recentDecisions").spliterator(), false).toList();
  }

  private JsonNode latestDecision(String userId) {
    return decisions(userId).get(0);
  }

  private List<JsonNode> outbox() {
    ApiClient.Response response = api().get("/v1/outbox");
    assertThat(response.status()).isEqualTo(200);
    OpenApiResponses.check("/v1/outbox", "get", 200, response.json());
    return StreamSupport.stream(response.json().get("messages").spliterator(), false).toList();
  }

  static List<String> usersWhere(boolean heldOut, int count) {
    List<String> users = new ArrayList<>();
    IntStream.iterate(0, i -> i + 1)
        .mapToObj(i -> "user-" + i)
        .filter(
            u -> Decider.inHoldout("demo", u, DecisionPolicy.DEFAULTS.holdoutPercent()) == heldOut)
        .limit(count)
        .forEach(users::add);
    return users;
  }
}
