package dev.userwhisperer.core.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.appconfig.AppConfigRevision;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.profile.Billing;
import dev.userwhisperer.core.profile.Billing.BillingStatus;
import dev.userwhisperer.core.testing.AppConfigs;
import dev.userwhisperer.core.testing.Composers;
import dev.userwhisperer.core.testing.Profiles;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WriterPromptTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");

  private static ContentRequest trialReminder(String language) {
    var profile =
        Profiles.user("user-8431")
            .email("ana.silva@example.com")
            .phone("+5511987654321")
            .firstName("Ana")
            .features(Composers.featuresUsed("weekly_plan"))
            .billing(
                new Billing(
                    BillingStatus.TRIALING,
                    null,
                    T.minus(Duration.ofDays(11)),
                    T.plus(Duration.ofDays(3)),
                    0))
            .build();
    AppConfigRevision app = new AppConfigRevision("a1", 4, AppConfigs.demo(), T);
    return new ContentRequest(
        app, "trial_ending", Channel.EMAIL, language, Situation.of(profile, app.config(), T), "a");
  }

  @Test
  void thePromptCarriesTheAppsVoiceTheGoalAndTheSituation() {
    WriterPrompt prompt = WriterPrompt.of(trialReminder("pt-BR"));

    assertThat(prompt.system())
        .contains("marketing e-mail for Tempo")
        .contains("Portuguese (Brazil) (pt-BR)")
        .contains("warm, direct")
        .contains("No exclamation marks in subjects")
        .contains("guaranteed, risk-free")
        .contains("Angle: Open with what to do next")
        .contains("{{firstName}}");
    assertThat(prompt.user())
        .contains("\"goal\":\"tell a trial user their trial ends soon")
        .contains("\"trialDaysLeft\":3")
        .contains("\"featuresUsed\":[\"Plano semanal\"]")
        .contains(
            "\"featureNotYetFound\":{\"name\":\"Timer de foco\",\"whatItDoes\":\"bloqueia distrações")
        .contains("\"price\":\"US$ 7,99\"");
    assertThat(prompt.responseSchema()).isEqualTo(DraftSchema.forChannel(Channel.EMAIL));
  }

  @Test
  void thePromptHoldsNoPersonalData() {
    WriterPrompt prompt = WriterPrompt.of(trialReminder("en"));

    assertThat(prompt.system() + prompt.user())
        .doesNotContain("Ana")
        .doesNotContain("ana.silva")
        .doesNotContain("5511987654321")
        .doesNotContain("user-8431");
  }
}
