package dev.userwhisperer.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.feedback.FeedbackService;
import dev.userwhisperer.core.feedback.TrackedLinks;
import dev.userwhisperer.core.ingest.EventRateLimiter;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.testing.AppConfigs;
import dev.userwhisperer.core.testing.Composers;
import dev.userwhisperer.core.testing.Decisions;
import dev.userwhisperer.core.testing.InMemoryAppConfigStore;
import dev.userwhisperer.core.testing.InMemoryEventBus;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.Profiles;
import dev.userwhisperer.core.testing.RecordingChannelSender;
import dev.userwhisperer.core.testing.TestEvents;
import dev.userwhisperer.core.testing.TestLinkTokens;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The signed links compose writes into a message are the ones feedback answers. */
class ComposedLinksTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private static final Pattern LINK =
      Pattern.compile("https://uw\\.example\\.com/v1/l/([A-Za-z0-9_.-]+)/(open|click|unsubscribe)");

  private final MutableClock clock = new MutableClock(T);
  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final InMemoryAppConfigStore configs = new InMemoryAppConfigStore();
  private final InMemoryEventBus bus = new InMemoryEventBus();
  private final RecordingChannelSender sent = new RecordingChannelSender(clock);
  private final TrackedLinks links =
      new TrackedLinks(
          TestLinkTokens.tokens(),
          sent,
          new FeedbackService(sent, bus, new InMemoryWarehouse(), clock),
          new EventRateLimiter(100, 100, () -> 0L));

  private OutboundMessage sentWelcome() {
    configs.save(TestEvents.APP, AppConfigs.demo(), T);
    profiles.put(Profiles.user("u1").email("ana@example.com").firstName("Ana").build());
    List<OutboundMessage> out =
        Composers.templatesOnly(
                profiles, configs, new InMemoryWarehouse(), "https://uw.example.com", clock)
            .apply(
                Decisions.decision("d1")
                    .intervention("welcome")
                    .channel(Channel.EMAIL)
                    .at(T)
                    .build());
    assertThat(out).hasSize(1);
    sent.send(out.get(0));
    return out.get(0);
  }

  private List<String> published() {
    return bus.published(UserEventBatch.class).stream().map(b -> b.events().get(0).type()).toList();
  }

  @Test
  void theClickLinkOfTheHtmlPartLeadsToTheCallToActionAndCountsAClick() {
    OutboundMessage m = sentWelcome();
    Matcher click =
        Pattern.compile("href=\"https://uw\\.example\\.com/v1/l/([^/]+)/click\\?u&#x3D;([^\"]+)\"")
            .matcher(m.html());
    assertThat(click.find()).isTrue();
    String target = URLDecoder.decode(click.group(2), StandardCharsets.UTF_8);

    TrackedLinks.Answer answer = links.click("1.2.3.4", click.group(1), target);

    assertThat(target).isEqualTo("https://tempo.example.com/app/start");
    assertThat(answer.status()).isEqualTo(302);
    assertThat(answer.headers()).containsEntry("Location", target);
    assertThat(published()).containsExactly(EventTypes.EMAIL_CLICKED);
  }

  @Test
  void theOpenPixelAndTheUnsubscribeHeaderAreTheMessagesOwnSignedLinks() {
    OutboundMessage m = sentWelcome();
    Matcher pixel = LINK.matcher(m.html().substring(m.html().indexOf("<img src=")));
    assertThat(pixel.find()).isTrue();
    Matcher header = LINK.matcher(m.headers().get("List-Unsubscribe"));
    assertThat(header.find()).isTrue();

    links.open("1.2.3.4", pixel.group(1));
    links.unsubscribe("1.2.3.4", header.group(1));

    assertThat(pixel.group(2)).isEqualTo("open");
    assertThat(header.group(2)).isEqualTo("unsubscribe");
    assertThat(m.body()).contains(header.group(0));
    assertThat(published())
        .containsExactly(EventTypes.EMAIL_OPENED, EventTypes.MESSAGE_UNSUBSCRIBED);
  }
}
