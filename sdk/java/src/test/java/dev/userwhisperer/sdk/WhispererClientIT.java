package dev.userwhisperer.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.userwhisperer.sdk.generated.model.IngestResult;
import dev.userwhisperer.sdk.generated.model.IngestResultResultsInner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SDK against the running platform (its runnable jar, started as a child process): events sent
 * with a write key reach the profiles, a resent event is a duplicate, an alias merges the anonymous
 * profile.
 */
class WhispererClientIT {
  private static LocalPlatform platform;

  @BeforeAll
  static void start() throws Exception {
    platform = LocalPlatform.start();
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  private final List<IngestResultResultsInner> results = new CopyOnWriteArrayList<>();
  private final List<Exception> failures = new CopyOnWriteArrayList<>();

  private WhispererClient client() {
    return WhispererClient.builder(platform.issueWriteKey())
        .endpoint(platform.baseUrl())
        .flushInterval(Duration.ofMinutes(1))
        .listener(
            new Listener() {
              @Override
              public void sent(List<Event> events, IngestResult result) {
                results.addAll(result.getResults());
              }

              @Override
              public void failed(List<Event> events, Exception cause) {
                failures.add(cause);
              }
            })
        .build();
  }

  @Test
  void eventsSentWithTheSdkAreInTheProfileAndAResentEventIsADuplicate() {
    Event signup = Event.of("user_signup").userId("ada").build();
    try (WhispererClient whisperer = client()) {
      whisperer.identify(
          "ada", Map.of("email", "ada@example.com", "firstName", "Ada", "timezone", "UTC"));
      whisperer.enqueue(signup);
      whisperer.track("ada", "feature_used", Map.of("feature", "export_csv"));
      whisperer.flush();
      whisperer.enqueue(signup);
    }
    platform.drain();

    assertThat(failures).isEmpty();
    assertThat(results)
        .extracting(IngestResultResultsInner::getStatus)
        .extracting(Object::toString)
        .containsExactly("accepted", "accepted", "accepted", "duplicate");
    JsonObject profile = platform.user("ada").getAsJsonObject().getAsJsonObject("profile");
    assertThat(profile.getAsJsonObject("traits").get("email").getAsString())
        .isEqualTo("ada@example.com");
    JsonObject counts = profile.getAsJsonObject("activity").getAsJsonObject("countsByType");
    assertThat(counts.get("user_signup").getAsLong()).as("sent twice, counted once").isEqualTo(1);
    assertThat(counts.get("feature_used").getAsLong()).isEqualTo(1);
    assertThat(counts.get("identify").getAsLong()).isEqualTo(1);
  }

  @Test
  void anAliasSentWithTheSdkMergesTheAnonymousProfile() {
    try (WhispererClient whisperer = client()) {
      whisperer.enqueue(Event.of("page_viewed").anonymousId("phone-3").build());
      whisperer.flush();
      platform.drain();
      whisperer.alias("phone-3", "lin");
      whisperer.flush();
      platform.drain();
      whisperer.enqueue(Event.of("feature_used").anonymousId("phone-3").build());
    }
    platform.drain();

    assertThat(failures).isEmpty();
    JsonObject lin = platform.user("lin").getAsJsonObject().getAsJsonObject("profile");
    JsonObject counts = lin.getAsJsonObject("activity").getAsJsonObject("countsByType");
    assertThat(counts.get("page_viewed").getAsLong()).isEqualTo(1);
    assertThat(counts.get("feature_used").getAsLong()).isEqualTo(1);
    assertThat(counts.get("alias").getAsLong()).isEqualTo(1);
    JsonObject phone = platform.user("anon%3Aphone-3").getAsJsonObject().getAsJsonObject("profile");
    assertThat(phone.get("mergedInto").getAsString()).isEqualTo("lin");
  }
}
