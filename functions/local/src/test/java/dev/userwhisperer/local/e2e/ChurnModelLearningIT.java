package dev.userwhisperer.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.models.churn.ChurnModelTraining;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The churn model trains itself, end to end on the reproducible local platform run as a user runs
 * it (no model flag): until the app's warehouse holds enough labelled history nothing scores churn
 * and {@code GET /v1/models} says so; users sign up over ten days, those who use three or more
 * features keep coming back every other day and the others soon stop; after 36 days the learn job
 * has trained a churn model from the app's own events, promoted it and loaded it, and a new user's
 * profile is scored by it (its version, listed live by {@code GET /v1/models}); a later candidate
 * that does not beat it stays out, with the reason.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "whisperer.admin-enabled=true",
      "whisperer.admin-token=" + ApiClient.ADMIN_TOKEN,
      "whisperer.clock-start=2026-03-02T10:00:00Z",
      "whisperer.reproducible=true",
      "whisperer.demo-api-key=" + ChurnModelLearningIT.KEY,
      "whisperer.sweep-interval=1h"
    })
class ChurnModelLearningIT {
  static final String KEY = "uw_churn_learning_test_key";
  private static final int USERS = 400;

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("whisperer.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;

  private final SplittableRandom random = new SplittableRandom(29);
  private final Map<String, Integer> featuresUsed = new LinkedHashMap<>();
  private final Map<String, Integer> signedUpOn = new LinkedHashMap<>();
  private final Set<String> gone = new HashSet<>();

  @Test
  void theLearnJobTrainsAChurnModelFromTheAppsOwnEventsAndAnalyzeThenScoresWithIt() {
    ApiClient api = new ApiClient("http://127.0.0.1:" + port, KEY);
    JsonNode before = churnModels(api).get(0);
    assertThat(before.get("source").asString()).isEqualTo("none");
    assertThat(before.get("live").asBoolean()).isFalse();
    assertThat(before.get("why").asString()).contains("no churn score");

    for (int day = 0; day < 36; day++) {
      List<String> events = new ArrayList<>();
      for (Map.Entry<String, Integer> user : signedUpOn.entrySet()) {
        int age = day - user.getValue();
        if (age > 0 && age % 2 == 0 && !gone.contains(user.getKey())) {
          double leaves = featuresUsed.get(user.getKey()) >= 3 ? 0.03 : 0.35;
          if (random.nextDouble() < leaves) {
            gone.add(user.getKey());
          } else {
            events.add(session(user.getKey(), day));
          }
        }
      }
      if (day < 10) {
        for (int i = day * USERS / 10; i < (day + 1) * USERS / 10; i++) {
          signedUpOn.put("u" + i, day);
          signUp("u" + i, i % 5, events);
        }
      }
      post(api, events);
      api.advanceClock(Duration.ofDays(1));
    }

    JsonNode learned = api.adminPost("/admin/learn").json();
    JsonNode attempt = learned.get("churnModels").get(0);
    assertThat(attempt.get("appId").asString()).isEqualTo("demo");
    assertThat(attempt.get("status").asString()).as(attempt.toString()).isEqualTo("trained");
    // the learn job runs every platform day, so the version live now may be an earlier day's that
    // today's candidate did not beat: then the candidate says why it stayed out
    List<JsonNode> models = churnModels(api);
    JsonNode live =
        models.stream()
            .filter(m -> m.get("live").asBoolean())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no live churn model: " + models));
    assertThat(live.get("source").asString()).isEqualTo("model");
    assertThat(live.get("metrics").get("roc_auc").asDouble())
        .isGreaterThanOrEqualTo(ChurnModelTraining.AUC_FLOOR);
    String version = live.get("version").asString();
    if (!attempt.get("promoted").asBoolean()) {
      assertThat(attempt.get("reason").asString()).isEqualTo("not_better_than_live");
      JsonNode candidate =
          models.stream()
              .filter(m -> attempt.get("version").asString().equals(m.get("version").asString()))
              .findFirst()
              .orElseThrow();
      assertThat(candidate.get("live").asBoolean()).isFalse();
      assertThat(candidate.get("why").asString()).startsWith("not_better_than_live");
    } else {
      assertThat(attempt.get("version").asString()).isEqualTo(version);
    }

    List<String> newcomer = new ArrayList<>();
    signUp("c0", 4, newcomer);
    post(api, newcomer);
    api.adminPost("/admin/drain?timeout=PT2M");
    JsonNode churn = api.get("/v1/users/c0").json().findValue("churn");
    assertThat(churn).as("the newcomer's churn score").isNotNull();
    assertThat(churn.get("modelVersion").asString()).isEqualTo(version);
  }

  private static List<JsonNode> churnModels(ApiClient api) {
    return StreamSupport.stream(api.get("/v1/models").json().get("models").spliterator(), false)
        .filter(m -> m.get("kind").asString().equals("churn"))
        .toList();
  }

  private void signUp(String user, int features, List<String> events) {
    featuresUsed.put(user, features);
    events.add(
        """
        {"messageId":"%1$s-up","type":"user_signup","userId":"%1$s"}"""
            .formatted(user));
    for (int f = 0; f < features; f++) {
      events.add(
          """
          {"messageId":"%1$s-f%2$d","type":"feature_used","userId":"%1$s",
           "properties":{"feature":"feature-%2$d"}}"""
              .formatted(user, f));
    }
  }

  private static String session(String user, int day) {
    return """
        {"messageId":"%1$s-s%2$d","type":"session_started","userId":"%1$s"}"""
        .formatted(user, day);
  }

  private static void post(ApiClient api, List<String> events) {
    for (int from = 0; from < events.size(); from += 500) {
      ApiClient.Response r =
          api.postEvents(
              "{\"batch\":["
                  + String.join(",", events.subList(from, Math.min(events.size(), from + 500)))
                  + "]}");
      assertThat(r.status()).as(r.body()).isEqualTo(202);
    }
    if (!events.isEmpty()) {
      ApiClient.Response r = api.adminPost("/admin/drain?timeout=PT2M");
      assertThat(r.json().get("idle").asBoolean()).as(r.body()).isTrue();
    }
  }
}
