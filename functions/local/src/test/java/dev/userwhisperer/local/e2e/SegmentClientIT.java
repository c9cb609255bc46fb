package dev.userwhisperer.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.AliasMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.ScreenMessage;
import com.segment.analytics.messages.TrackMessage;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Segment's own Java client ({@code com.segment.analytics.java:analytics} 3.5.4), pointed at the
 * running platform with one line ({@code .endpoint(...)}) and a write key issued by the admin API,
 * sends identify, track, page, screen and alias; the events are found in the profiles.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "whisperer.demo-api-key=" + SegmentClientIT.SECRET_KEY,
      "whisperer.admin-enabled=true",
      "whisperer.admin-token=" + ApiClient.ADMIN_TOKEN
    })
class SegmentClientIT {
  static final String SECRET_KEY = "uw_segment_test_secret_key";

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("whisperer.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;

  private String base() {
    return "http://localhost:" + port;
  }

  private String writeKey() {
    ApiClient admin = new ApiClient(base(), ApiClient.ADMIN_TOKEN);
    ApiClient.Response r =
        admin.send(
            admin
                .request("/admin/apps/demo/keys")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"kind\":\"write\",\"name\":\"segment\"}")));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("key").asString();
  }

  @Test
  void eventsSentWithSegmentsJavaClientAreInTheProfiles() throws Exception {
    List<Message> delivered = new CopyOnWriteArrayList<>();
    List<Throwable> failed = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(6);
    Analytics analytics =
        Analytics.builder(writeKey())
            .endpoint(base()) // the one line that points an instrumented app here
            .flushQueueSize(6)
            .callback(
                new Callback() {
                  @Override
                  public void success(Message message) {
                    delivered.add(message);
                    done.countDown();
                  }

                  @Override
                  public void failure(Message message, Throwable throwable) {
                    failed.add(throwable);
                    done.countDown();
                  }
                })
            .build();
    try {
      analytics.enqueue(PageMessage.builder("Pricing").anonymousId("device-7"));
      analytics.enqueue(
          IdentifyMessage.builder()
              .userId("ada")
              .traits(Map.of("email", "ada@example.com", "firstName", "Ada")));
      analytics.enqueue(
          TrackMessage.builder("Order Completed").userId("ada").properties(Map.of("total", 30)));
      analytics.enqueue(ScreenMessage.builder("Settings").userId("ada"));
      analytics.enqueue(TrackMessage.builder("Signed Up").userId("ada"));
      analytics.enqueue(AliasMessage.builder("device-7").userId("ada"));
      analytics.flush();
      assertThat(done.await(30, TimeUnit.SECONDS)).as("the client's callbacks").isTrue();
    } finally {
      analytics.shutdown();
    }
    assertThat(failed).isEmpty();
    assertThat(delivered).hasSize(6);

    ApiClient api = new ApiClient(base(), SECRET_KEY);
    api.drain();
    JsonNode ada = api.get("/v1/users/ada").json().get("profile");
    assertThat(ada.at("/traits/email").asString()).isEqualTo("ada@example.com");
    JsonNode counts = ada.at("/activity/countsByType");
    assertThat(counts.path("identify").asLong()).isEqualTo(1);
    assertThat(counts.path("order_completed").asLong()).isEqualTo(1);
    assertThat(counts.path("screen_viewed").asLong()).isEqualTo(1);
    assertThat(counts.path("signed_up").asLong()).isEqualTo(1);
    assertThat(counts.path("alias").asLong()).isEqualTo(1);
    assertThat(counts.path("page_viewed").asLong())
        .as("the anonymous page view, merged by the alias")
        .isEqualTo(1);
    JsonNode device = api.get("/v1/users/anon%3Adevice-7").json();
    assertThat(device.at("/profile/mergedInto").asString()).isEqualTo("ada");
    assertThat(device.at("/profile/activity/eventCount").asLong()).isZero();
    assertThat(api.get("/v1/quarantine").json().get("events").size())
        .as("nothing the client sent was refused")
        .isZero();
  }

  @Test
  void anAliasMergesTheAnonymousProfileIntoTheIdentifiedOne() throws Exception {
    Analytics analytics = Analytics.builder(writeKey()).endpoint(base()).build();
    ApiClient api = new ApiClient(base(), SECRET_KEY);
    try {
      analytics.enqueue(
          TrackMessage.builder("Pricing Viewed")
              .anonymousId("browser-1")
              .properties(Map.of("plan", "pro")));
      analytics.enqueue(PageMessage.builder("Checkout").anonymousId("browser-1"));
      analytics.flush();
      awaitProfile(api, "anon%3Abrowser-1");

      analytics.enqueue(AliasMessage.builder("browser-1").userId("grace"));
      analytics.flush();
      awaitProfile(api, "grace");

      analytics.enqueue(TrackMessage.builder("Order Completed").userId("grace"));
      analytics.enqueue(PageMessage.builder("Thanks").anonymousId("browser-1"));
      analytics.flush();
    } finally {
      analytics.shutdown();
    }
    api.drain();

    JsonNode grace = api.get("/v1/users/grace").json().get("profile");
    JsonNode counts = grace.at("/activity/countsByType");
    assertThat(counts.path("pricing_viewed").asLong()).isEqualTo(1);
    assertThat(counts.path("page_viewed").asLong())
        .as("one page view before the alias, one after it with only the anonymousId")
        .isEqualTo(2);
    assertThat(counts.path("order_completed").asLong()).isEqualTo(1);
    assertThat(counts.path("alias").asLong()).isEqualTo(1);
    assertThat(grace.at("/activity/eventCount").asLong()).isEqualTo(5);
    JsonNode browser = api.get("/v1/users/anon%3Abrowser-1").json().get("profile");
    assertThat(browser.at("/mergedInto").asString()).isEqualTo("grace");
    assertThat(browser.at("/activity/eventCount").asLong()).isZero();
  }

  private static void awaitProfile(ApiClient api, String userPath) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      api.drain();
      if (api.get("/v1/users/" + userPath).status() == 200) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no profile " + userPath + " after 10 s");
  }
}
