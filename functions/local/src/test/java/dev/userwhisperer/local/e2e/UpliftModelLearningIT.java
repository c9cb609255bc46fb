package dev.userwhisperer.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.decide.DecisionPolicy;
import dev.userwhisperer.local.time.SimulatedClock;
import dev.userwhisperer.local.warehouse.BufferedWarehouse;
import dev.userwhisperer.local.warehouse.DuckDbWarehouse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Models that train themselves, end to end on the reproducible local platform: users sign up and
 * fall silent, decide sends win-backs and feature tips or withholds them at random (holdout,
 * exploration), users come back or not by a rule that depends on how many features they used (a
 * message brings back those who used three or more and pushes away those who used at most one), and
 * the daily learning trains a per-user model from the decisions decide logged with their features,
 * judges it on the last 14 closed days and promotes it; decide then ranks with it ({@code source}
 * {@code model} and its version on the decision).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "whisperer.admin-enabled=true",
      "whisperer.admin-token=" + ApiClient.ADMIN_TOKEN,
      "whisperer.clock-start=2026-03-02T10:00:00Z",
      "whisperer.reproducible=true",
      "whisperer.demo-api-key=" + UpliftModelLearningIT.KEY,
      "whisperer.sweep-interval=1h"
    })
@Import(UpliftModelLearningIT.LooserCaps.class)
class UpliftModelLearningIT {
  /**
   * The default policy but for the fatigue cap: these users ignore their welcome and onboarding
   * nudge, which would cap the win-back a week later to one message a week, leaving few sent
   * win-backs beside the holdout's; with seven a week and no halving, each silent user's win-back
   * is decided on its merits, sent or withheld at random. Exploration withholds four times the
   * default share: decide's Thompson ranking splits these inactive users between the win-back and
   * the untried feature tip, so the win-back gets about half of them, and its withheld arm must
   * still reach the learn job's floor of 100 within the test's 1,600 users.
   */
  @TestConfiguration(proxyBeanMethods = false)
  static class LooserCaps {
    @Bean
    DecisionPolicy decisionPolicy() {
      DecisionPolicy d = DecisionPolicy.DEFAULTS;
      return new DecisionPolicy(
          d.holdoutPercent(),
          d.maxPerDay(),
          7,
          d.quietStart(),
          d.quietEnd(),
          d.minUplift(),
          100,
          d.optimiseSendTime(),
          4 * d.explorationPercent(),
          d.gatedExplorationPercent(),
          d.channelCosts());
    }
  }

  static final String KEY = "uw_uplift_learning_test_key";
  private static final int FIRST_COHORT = 1_000;
  private static final int SECOND_COHORT = 600;

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("whisperer.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;
  @Autowired SimulatedClock clock;
  @Autowired BufferedWarehouse buffered;
  @Autowired DuckDbWarehouse warehouse;

  /** How long after a decision an answering user comes back: in its second week. */
  private static final Duration RETURN_AFTER = Duration.ofDays(8);

  private final SplittableRandom random = new SplittableRandom(23);
  private final Map<String, Integer> featuresUsed = new HashMap<>();
  private Instant answeredUpTo;

  @Test
  void theLearnJobTrainsAModelFromDecideLogAndDecideThenRanksWithIt() {
    ApiClient api = new ApiClient("http://127.0.0.1:" + port, KEY);
    answeredUpTo = clock.instant().minus(RETURN_AFTER);
    signUp(api, "a", FIRST_COHORT);
    for (int day = 1; day <= 43; day++) {
      if (day == 20) {
        signUp(api, "b", SECOND_COHORT);
      }
      api.advanceClock(Duration.ofDays(1));
      answerNewDecisions(api);
    }

    assertThat(warehouse.query("SELECT COUNT(*) AS n FROM decision_features").get(0).get("n"))
        .isInstanceOfSatisfying(Number.class, n -> assertThat(n.longValue()).isGreaterThan(1000));
    JsonNode learned = api.adminPost("/admin/learn").json();
    List<JsonNode> promoted =
        StreamSupport.stream(learned.get("models").spliterator(), false)
            .filter(m -> m.get("appId").asString().equals("demo"))
            .filter(m -> m.get("intervention").asString().equals("winback"))
            .toList();
    assertThat(promoted).as(learned.get("models").toString()).hasSize(1);
    assertThat(promoted.get(0).get("status").asString()).isEqualTo("trained");
    String intervention = "winback";
    assertThat(api.get("/v1/models").json().toString()).contains("\"live\":true");

    String newcomer = "c0";
    featuresUsed.put(newcomer, 4);
    api.postEvents(batch(List.of(newcomer)));
    JsonNode decision = null;
    for (int day = 0; day < 14 && decision == null; day++) {
      api.advanceClock(Duration.ofDays(1));
      decision = inactivityDecision(api, newcomer);
    }
    assertThat(decision).as("the newcomer's win-back decision").isNotNull();
    JsonNode candidate =
        StreamSupport.stream(decision.get("candidates").spliterator(), false)
            .filter(c -> c.get("intervention").asString().equals(intervention))
            .findFirst()
            .orElseThrow();
    assertThat(candidate.get("source").asString()).isEqualTo("model");
    assertThat(candidate.get("uplift").asDouble()).isPositive();
    // the learn job runs every platform day, so a later version may have replaced the one live
    // at day 43: the version decide names must be one the job trained and promoted
    String version = candidate.get("modelVersion").asString();
    JsonNode model =
        StreamSupport.stream(api.get("/v1/models").json().get("models").spliterator(), false)
            .filter(m -> version.equals(m.path("version").asString("")))
            .findFirst()
            .orElseThrow();
    assertThat(model.get("intervention").asString()).isEqualTo(intervention);
    assertThat(
            model.get("live").asBoolean()
                || "replaced by a later version".equals(model.path("why").asString("")))
        .as(model.toString())
        .isTrue();
  }

  private JsonNode inactivityDecision(ApiClient api, String user) {
    JsonNode body = api.get("/v1/users/" + user + "?decisionLimit=20").json();
    return StreamSupport.stream(body.get("recentDecisions").spliterator(), false)
        .filter(d -> "INACTIVE".equals(d.path("signalType").asString("")))
        .findFirst()
        .orElse(null);
  }

  /** Signs up {@code n} users, each having used 0 to 4 features. */
  private void signUp(ApiClient api, String prefix, int n) {
    List<String> users = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String user = prefix + i;
      featuresUsed.put(user, i % 5);
      users.add(user);
      if (users.size() == 100) {
        post(api, batch(users));
        users.clear();
      }
    }
    if (!users.isEmpty()) {
      post(api, batch(users));
    }
    drain(api);
  }

  private String batch(List<String> users) {
    String now = clock.instant().toString();
    StringBuilder s = new StringBuilder("{\"batch\":[");
    for (String user : users) {
      s.append(
          """
          {"messageId":"%1$s-id","type":"identify","userId":"%1$s","timestamp":"%2$s",
           "traits":{"email":"%1$s@example.com","timezone":"UTC","consent":{"email":true}}},
          {"messageId":"%1$s-up","type":"user_signup","userId":"%1$s","timestamp":"%2$s"},
          """
              .formatted(user, now));
      for (int f = 0; f < featuresUsed.get(user); f++) {
        s.append(
            """
            {"messageId":"%1$s-f%3$d","type":"feature_used","userId":"%1$s","timestamp":"%2$s",
             "properties":{"feature":"feature-%3$d"}},
            """
                .formatted(user, now, f));
      }
    }
    s.setLength(s.lastIndexOf(","));
    return s.append("]}").toString();
  }

  /**
   * Each INACTIVE decision made a week or more ago that was not answered yet: the user comes back
   * (a session, in the second week after the decision: retention at 14 days, as the uplift goal
   * counts it) with the chance the rule gives their arm and features.
   */
  private void answerNewDecisions(ApiClient api) {
    buffered.flush();
    Instant upTo = clock.instant().minus(RETURN_AFTER);
    List<Map<String, Object>> rows =
        warehouse.query(
            "SELECT user_id, outcome, decision_id FROM decisions WHERE signal_type = 'INACTIVE'"
                + " AND decided_at > TIMESTAMPTZ '"
                + answeredUpTo
                + "' AND decided_at <= TIMESTAMPTZ '"
                + upTo
                + "' AND (outcome IN ('SEND', 'DEFERRED') OR reason IN ('holdout', 'exploration'))"
                + " ORDER BY decision_id");
    answeredUpTo = upTo;
    Instant now = clock.instant();
    List<String> events = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      String user = (String) row.get("user_id");
      boolean treated = !"HELD_OUT".equals(row.get("outcome"));
      int used = featuresUsed.get(user);
      double comesBack = !treated ? 0.3 : used >= 3 ? 0.9 : used <= 1 ? 0.05 : 0.3;
      if (random.nextDouble() < comesBack) {
        events.add(
            """
            {"messageId":"back-%s","type":"session_started","userId":"%s","timestamp":"%s"}"""
                .formatted(row.get("decision_id"), user, now));
      }
    }
    for (int from = 0; from < events.size(); from += 500) {
      post(
          api,
          "{\"batch\":["
              + String.join(",", events.subList(from, Math.min(events.size(), from + 500)))
              + "]}");
    }
    if (!events.isEmpty()) {
      drain(api);
    }
  }

  /**
   * Waits for the pipeline, longer than {@link ApiClient#drain}: a thousand sign-ups at once, on a
   * shared machine.
   */
  private static void drain(ApiClient api) {
    ApiClient.Response r = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      r = api.adminPost("/admin/drain?timeout=PT2M");
      if (r.json().get("idle").asBoolean()) {
        return;
      }
    }
    throw new IllegalStateException("the pipeline did not drain: " + r.body());
  }

  private static void post(ApiClient api, String body) {
    ApiClient.Response r = api.postEvents(body);
    assertThat(r.status()).as(r.body()).isEqualTo(202);
  }
}
