package dev.userwhisperer.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.port.ProfileStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An erasure that arrives while the user's events are still queued for analyze (the reproducible
 * platform's bus delivers only when drained, so the order is certain): ingest queued them under the
 * app, together with another user's, so the erasure cannot take them out of the queue; its
 * tombstone keeps analyze from applying them when they come out, and nothing of the user is left.
 * An event accepted after the erasure starts a fresh profile.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "whisperer.admin-enabled=true",
      "whisperer.admin-token=" + ApiClient.ADMIN_TOKEN,
      "whisperer.clock-start=2026-03-02T10:00:00Z",
      "whisperer.reproducible=true",
      "whisperer.demo-api-key=" + ErasureOfQueuedEventsIT.KEY,
      "whisperer.sweep-interval=1h"
    })
class ErasureOfQueuedEventsIT {
  static final String KEY = "uw_erasure_queued_test_key";
  static final String ERIN = "erin-queued-9b1c";
  static final String EMAIL = "erin.queued@example.com";
  static final String NICK = "nick-neighbour-4d2e";

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("whisperer.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;
  @Autowired ProfileStore profiles;
  @Autowired ConsentTrail trail;
  @Autowired ApplicationContext context;

  @Test
  void eventsQueuedBeforeTheErasureAreNotAppliedAfterItAndLaterOnesStartAFreshProfile() {
    ApiClient api = new ApiClient("http://localhost:" + port, KEY);
    ApiClient.Response queued =
        api.postEvents(
            """
            {"batch":[
              {"messageId":"q-1","type":"identify","userId":"%s","timestamp":"2026-03-02T09:59:00Z",
               "traits":{"email":"%s","consent":{"email":true}}},
              {"messageId":"q-2","type":"user_signup","userId":"%1$s","timestamp":"2026-03-02T10:00:00Z"},
              {"messageId":"q-3","type":"user_signup","userId":"%3$s","timestamp":"2026-03-02T10:00:00Z"}
            ]}
            """
                .formatted(ERIN, EMAIL, NICK));
    assertThat(queued.status()).as(queued.body()).isEqualTo(202);

    ApiClient.Response erased = api.send(api.request("/v1/users/" + ERIN).DELETE());
    api.drain();

    assertThat(erased.status()).as(erased.body()).isEqualTo(200);
    assertThat(profiles.find("demo", ERIN)).isEmpty();
    assertThat(trail.list("demo", ERIN)).isEmpty();
    assertThat(api.get("/v1/users/" + ERIN + "/export").status()).isEqualTo(404);
    assertThat(profiles.find("demo", NICK))
        .as("the other user's events of the same request are applied")
        .isPresent();
    new StoredText(context).assertNoTrace(List.of(ERIN, EMAIL));

    api.advanceClock(Duration.ofMinutes(1));
    ApiClient.Response back =
        api.postEvents(
            """
            {"batch":[{"messageId":"q-4","type":"app_opened","userId":"%s",
                       "timestamp":"2026-03-02T10:01:00Z"}]}
            """
                .formatted(ERIN));
    assertThat(back.status()).as(back.body()).isEqualTo(202);
    api.drain();

    assertThat(profiles.find("demo", ERIN))
        .hasValueSatisfying(p -> assertThat(p.activity().eventCount()).isEqualTo(1));
    assertThat(profiles.find("demo", ERIN).get().reachability().email()).isNull();
  }
}
