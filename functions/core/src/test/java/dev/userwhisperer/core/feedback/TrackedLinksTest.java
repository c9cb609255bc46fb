package dev.userwhisperer.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.LinkTokens;
import dev.userwhisperer.core.ingest.EventRateLimiter;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.testing.InMemoryEventBus;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.OutboundMessages;
import dev.userwhisperer.core.testing.RecordingChannelSender;
import dev.userwhisperer.core.testing.TestLinkTokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrackedLinksTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T12:00:00Z"));
  private final RecordingChannelSender sent = new RecordingChannelSender(clock);
  private final InMemoryEventBus bus = new InMemoryEventBus();
  private final LinkTokens tokens = TestLinkTokens.tokens();
  private final OutboundMessage message =
      OutboundMessages.of(
          "m-1",
          Channel.EMAIL,
          "ada@example.com",
          "Welcome",
          "See https://app.example.com/start and https://app.example.com/help?x=1 today.");
  private long nanos;
  private final TrackedLinks links =
      new TrackedLinks(
          tokens,
          sent,
          new FeedbackService(sent, bus, new InMemoryWarehouse(), clock),
          new EventRateLimiter(1, 3, () -> nanos));

  {
    sent.send(message);
  }

  private List<String> published() {
    return bus.published(UserEventBatch.class).stream().map(b -> b.events().get(0).type()).toList();
  }

  @Test
  void getOnTheUnsubscribeLinkOnlyShowsAFormAndPostUnsubscribes() {
    String token = tokens.issue("m-1");

    TrackedLinks.Answer page = links.unsubscribePage("1.2.3.4", token);
    assertThat(published()).isEmpty();
    TrackedLinks.Answer done = links.unsubscribe("1.2.3.4", token);

    assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("<form method=\"post\"");
    assertThat(done.status()).isEqualTo(200);
    assertThat(published()).containsExactly(EventTypes.MESSAGE_UNSUBSCRIBED);
  }

  @Test
  void unknownAndForgedTokensGetTheSameAnswersAndChangeNothing() {
    String valid = tokens.issue("m-1");
    String forged = "t1.bS0x.AAAAAAAAAAAAAAAAAAAAAA";
    String unknownMessage = tokens.issue("m-never-sent");

    for (String token : List.of(forged, unknownMessage)) {
      assertThat(links.unsubscribe("5.6.7.8", token).body())
          .isEqualTo(links.unsubscribe("5.6.7.9", valid).body());
      nanos += 10_000_000_000L;
    }
    assertThat(links.open("5.6.7.8", forged).body()).isEqualTo(TrackedLinks.PIXEL);
    assertThat(links.click("5.6.7.8", forged, "https://app.example.com/start").status())
        .isEqualTo(404);

    assertThat(published()).containsOnly(EventTypes.MESSAGE_UNSUBSCRIBED);
  }

  @Test
  void aClickGoesOnlyToAUrlThatIsInTheMessage() {
    String token = tokens.issue("m-1");

    TrackedLinks.Answer ok = links.click("1.1.1.1", token, "https://app.example.com/help?x=1");
    TrackedLinks.Answer elsewhere = links.click("1.1.1.1", token, "https://evil.example/phish");
    TrackedLinks.Answer prefix = links.click("1.1.1.1", token, "https://app.example.com/st");

    assertThat(ok.status()).isEqualTo(302);
    assertThat(ok.headers()).containsEntry("Location", "https://app.example.com/help?x=1");
    assertThat(elsewhere.status()).isEqualTo(404);
    assertThat(elsewhere.contentType()).isEqualTo("application/json");
    assertThat(Json.tree(elsewhere.body()).at("/error/code").asString()).isEqualTo("not_found");
    assertThat(prefix.status()).isEqualTo(404);
    assertThat(published()).containsExactly(EventTypes.EMAIL_CLICKED);
  }

  @Test
  void aClientFollowingTooManyLinksIsSlowedDownAndOthersAreNot() {
    String token = tokens.issue("m-1");
    for (int i = 0; i < 3; i++) {
      assertThat(links.open("9.9.9.9", token).status()).isEqualTo(200);
    }

    TrackedLinks.Answer slowedDown = links.open("9.9.9.9", token);
    assertThat(slowedDown.status()).isEqualTo(429);
    assertThat(slowedDown.headers()).containsKey("Retry-After");
    assertThat(Json.tree(slowedDown.body()).at("/error/code").asString()).isEqualTo("rate_limited");
    assertThat(links.open("8.8.8.8", token).status()).isEqualTo(200);
  }
}
