package dev.userwhisperer.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.LinkTokens;
import dev.userwhisperer.core.analyze.LifecycleRules;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.analyze.ProfileUpdater;
import dev.userwhisperer.core.ingest.EventRateLimiter;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.privacy.ConsentRecorder;
import dev.userwhisperer.core.profile.ConsentRecord;
import dev.userwhisperer.core.profile.ConsentSource;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.testing.InMemoryEventBus;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.OutboundMessages;
import dev.userwhisperer.core.testing.Profiles;
import dev.userwhisperer.core.testing.RecordingChannelSender;
import dev.userwhisperer.core.testing.TestLinkTokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreferencePageTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T12:00:00Z"));
  private final RecordingChannelSender sent = new RecordingChannelSender(clock);
  private final InMemoryEventBus bus = new InMemoryEventBus();
  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final LinkTokens tokens = TestLinkTokens.tokens();
  private final PreferencePage page =
      new PreferencePage(tokens, sent, profiles, bus, new EventRateLimiter(1, 3, () -> 0L), clock);
  private final OutboundMessage message =
      OutboundMessages.of("m-1", Channel.EMAIL, "ada@example.com", "Hi", "Hello");

  {
    sent.send(message);
    profiles.put(
        Profiles.user("u-m-1")
            .email("ada@example.com")
            .phone("+15550100")
            .consent(Channel.SMS, true)
            .unsubscribed(Channel.EMAIL)
            .build());
  }

  @Test
  void getShowsTheReachableChannelsAndTheirStateButNoAddressAndChangesNothing() {
    TrackedLinks.Answer shown = page.show("1.2.3.4", tokens.issue("m-1"));

    String html = new String(shown.body(), StandardCharsets.UTF_8);
    assertThat(shown.status()).isEqualTo(200);
    assertThat(html)
        .contains("name=\"email\" value=\"on\">")
        .contains("name=\"sms\" value=\"on\" checked>")
        .doesNotContain("name=\"push\"")
        .doesNotContain("ada@example.com")
        .doesNotContain("+15550100");
    assertThat(bus.published()).isEmpty();
  }

  @Test
  void postStatesConsentForEachReachableChannelAsTheUsersOwnChoice() {
    TrackedLinks.Answer saved = page.save("1.2.3.4", tokens.issue("m-1"), "email=on");

    assertThat(saved.status()).isEqualTo(200);
    UserEventBatch batch = bus.published(UserEventBatch.class).get(0);
    Event identify = batch.events().get(0);
    assertThat(batch.userId()).isEqualTo("u-m-1");
    assertThat(identify.traits()).isEqualTo(Map.of("consent", Map.of("email", true, "sms", false)));
    assertThat(ConsentRecorder.statements(batch))
        .extracting(ConsentRecord::channel, ConsentRecord::granted, ConsentRecord::source)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(Channel.EMAIL, true, ConsentSource.PREFERENCE_PAGE),
            org.assertj.core.groups.Tuple.tuple(Channel.SMS, false, ConsentSource.PREFERENCE_PAGE));

    Profile after =
        new ProfileUpdater(new LifecycleRules(LifecycleThresholds.DEFAULTS))
            .apply(profiles.find("app1", "u-m-1").orElseThrow(), batch.events())
            .profile();
    assertThat(after.reachability().unsubscribed()).isEmpty();
    assertThat(after.reachability().consent())
        .isEqualTo(Map.of(Channel.EMAIL, true, Channel.SMS, false));
  }

  @Test
  void aForgedTokenOrOneOfNoMessageIsNotFoundAndChangesNothing() {
    String otherKeys =
        LinkTokens.parse("t9:AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=").issue("m-1");

    assertThat(page.show("1.1.1.1", otherKeys).status()).isEqualTo(404);
    assertThat(page.save("2.2.2.2", otherKeys, "email=on").status()).isEqualTo(404);
    assertThat(page.save("3.3.3.3", tokens.issue("m-404"), "email=on").status()).isEqualTo(404);
    assertThat(page.show("4.4.4.4", "nonsense").status()).isEqualTo(404);
    assertThat(bus.published()).isEmpty();
  }

  @Test
  void eachClientAddressIsRateLimitedLikeTheOtherLinks() {
    String token = tokens.issue("m-1");
    List<Integer> statuses =
        List.of(
            page.show("9.9.9.9", token).status(),
            page.show("9.9.9.9", token).status(),
            page.show("9.9.9.9", token).status(),
            page.show("9.9.9.9", token).status());

    assertThat(statuses).containsExactly(200, 200, 200, 429);
  }
}
