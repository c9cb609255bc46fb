package dev.userwhisperer.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.compose.ComposeSettings;
import dev.userwhisperer.core.compose.Composer;
import dev.userwhisperer.core.compose.CopyWriter;
import dev.userwhisperer.core.compose.compliance.ComplianceGate;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.testing.AppConfigs;
import dev.userwhisperer.core.testing.Composers;
import dev.userwhisperer.core.testing.Decisions;
import dev.userwhisperer.core.testing.InMemoryAppConfigStore;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.Profiles;
import dev.userwhisperer.core.testing.TestEvents;
import dev.userwhisperer.core.testing.TestLinkTokens;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One intervention to five users in five languages, each message checked by the detector. */
class FiveLanguagesTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");

  @Test
  void theSameInterventionReachesEachUserInTheirLanguage() {
    InMemoryProfileStore profiles = new InMemoryProfileStore();
    InMemoryAppConfigStore configs = new InMemoryAppConfigStore();
    configs.save(TestEvents.APP, AppConfigs.demo(), T);
    OptimaizeLanguageDetector detector = new OptimaizeLanguageDetector();
    Composer composer =
        new Composer(
            new Composer.Stores(profiles, configs, new InMemoryWarehouse()),
            CopyWriter.templatesOnly(Composers.templates()),
            Composers.templates(),
            new ComplianceGate(detector),
            new ComposeSettings("https://uw.example.com", TestLinkTokens.tokens()),
            new MutableClock(T));
    Map<String, String> users =
        Map.of("u-en", "en-US", "u-es", "es-MX", "u-fr", "fr-CA", "u-de", "de-AT", "u-pt", "pt-BR");

    users.forEach(
        (user, locale) -> {
          profiles.put(
              Profiles.user(user)
                  .email(user + "@example.com")
                  .firstName("Sam")
                  .locale(locale)
                  .build());
          List<OutboundMessage> out =
              composer.apply(
                  Decisions.decision("d-" + user)
                      .user(user)
                      .intervention("onboarding_nudge")
                      .channel(Channel.EMAIL)
                      .at(T)
                      .build());
          assertThat(out).as(locale).hasSize(1);
          OutboundMessage m = out.get(0);
          String language = locale.substring(0, 2);
          assertThat(m.locale()).startsWith(language);
          assertThat(
                  detector.detect(
                      m.subject() + "\n" + m.body(), AppConfigs.demo().languages().offered()))
              .as(m.body())
              .contains(language);
        });
  }
}
