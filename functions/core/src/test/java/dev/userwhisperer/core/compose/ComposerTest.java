package dev.userwhisperer.core.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.appconfig.AppConfig;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.Provenance;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.profile.Billing;
import dev.userwhisperer.core.profile.Billing.BillingStatus;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComposerTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private static final String APP = TestEvents.APP;
  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final InMemoryAppConfigStore configs = new InMemoryAppConfigStore();
  private final InMemoryWarehouse warehouse = new InMemoryWarehouse();
  private final Composer composer =
      Composers.templatesOnly(
          profiles, configs, warehouse, "https://uw.example.com/", new MutableClock(T));

  private static Decision send(String intervention, Channel channel) {
    return Decisions.decision("d1").intervention(intervention).channel(channel).at(T).build();
  }

  private OutboundMessage compose(Decision d) {
    List<OutboundMessage> out = composer.apply(d);
    assertThat(out).hasSize(1);
    return out.get(0);
  }

  private void configureDemo() {
    configs.save(APP, AppConfigs.demo(), T);
  }

  @Test
  void emailNamesTheProductGreetsTheUserAndCarriesTheLinksAndFooters() {
    configureDemo();
    profiles.put(Profiles.user("u1").email("ana@example.com").firstName("Ana").build());

    OutboundMessage m = compose(send("welcome", Channel.EMAIL));

    assertThat(m.to()).isEqualTo("ana@example.com");
    assertThat(m.subject()).isEqualTo("Welcome to Tempo, Ana");
    assertThat(m.body())
        .startsWith(
            "Hi Ana,\n\nThanks for joining Tempo. The quickest way to see it work is"
                + " Weekly plan: it lays out your week from your to-dos and calendar.")
        .contains("Get started: https://tempo.example.com/app/start")
        .contains(
            "Unsubscribe: https://uw.example.com/v1/l/"
                + TestLinkTokens.tokens().issue(m.outboundId())
                + "/unsubscribe")
        .endsWith("Tempo Labs Inc., 548 Market St, San Francisco, CA 94104, USA");
    String links = "https://uw.example.com/v1/l/" + TestLinkTokens.tokens().issue(m.outboundId());
    assertThat(m.html())
        .contains(
            "<a href=\"" + links + "/click?u&#x3D;https%3A%2F%2Ftempo.example.com%2Fapp%2Fstart\"")
        .contains("<a href=\"" + links + "/unsubscribe\"")
        .contains("<img src=\"" + links + "/open\"")
        .contains("548 Market St");
    assertThat(m.body()).doesNotContain("/" + m.outboundId() + "/");
    assertThat(m.locale()).isEqualTo("en");
    assertThat(m.provenance()).isEqualTo(Provenance.template(1));
    assertThat(m.outboundId()).isEqualTo(Ids.outbound("d1"));
    assertThat(warehouse.rows(Table.MESSAGES))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r)
                    .containsEntry("outbound_id", m.outboundId())
                    .containsEntry("config_version", 1L)
                    .containsEntry("writer", "template"));
  }

  @Test
  void theHtmlPartEscapesWhatTheUserAndTheAppSupplied() {
    configs.save(APP, AppConfigs.demoWith("product", Map.of("name", "Tom & Jerry's")), T);
    profiles.put(Profiles.user("u1").email("a@b.c").firstName("<script>x</script>").build());

    OutboundMessage m = compose(send("winback", Channel.EMAIL));

    assertThat(m.html())
        .contains("Hi &lt;script&gt;x&lt;/script&gt;,")
        .contains("Tom &amp; Jerry&#39;s")
        .doesNotContain("<script>");
    assertThat(m.body()).contains("Tom & Jerry's");
  }

  @Test
  void anAppWithoutConfigurationGetsTheBuiltInOneRecordedAsVersionZero() {
    profiles.put(Profiles.user("u1").email("a@b.c").firstName("Bo").build());

    OutboundMessage m = compose(send("winback", Channel.EMAIL));

    assertThat(m.body()).contains("since you last opened the app.").doesNotContain("Tempo");
    assertThat(m.provenance().configVersion()).isZero();
  }

  @Test
  void withoutAFirstNameTheGreetingDropsIt() {
    configureDemo();
    profiles.put(Profiles.user("u1").email("a@b.c").build());

    OutboundMessage churn = compose(send("churn_save", Channel.EMAIL));

    assertThat(churn.subject()).isEqualTo("Can we help?");
    assertThat(churn.body()).startsWith("Hi,\n\n").doesNotContain("{{");
  }

  @Test
  void aFeatureTipSuggestsTheFirstCatalogueFeatureTheUserHasNotUsedWithItsLink() {
    configureDemo();
    profiles.put(
        Profiles.user("u1")
            .email("a@b.c")
            .features(Composers.featuresUsed("weekly_plan", "something_else"))
            .build());

    OutboundMessage m = compose(send("feature_tip", Channel.EMAIL));

    assertThat(m.subject()).isEqualTo("Have you tried Focus timer?");
    assertThat(m.body()).contains("Try Focus timer: https://tempo.example.com/app/focus");
  }

  @Test
  void aFeatureIsNamedInTheUsersLanguageWhenTheAppTranslatedIt() {
    configureDemo();
    profiles.put(
        Profiles.user("u1")
            .email("a@b.c")
            .locale("de-AT")
            .features(Composers.featuresUsed("weekly_plan"))
            .build());

    OutboundMessage m = compose(send("feature_tip", Channel.EMAIL));

    assertThat(m.locale()).isEqualTo("de");
    assertThat(m.subject()).contains("Fokus-Timer").doesNotContain("Focus timer");
  }

  @Test
  void theMessageIsWrittenInTheVariantDecideChose() {
    configureDemo();
    profiles.put(Profiles.user("u1").email("a@b.c").build());

    OutboundMessage a = compose(send("winback", Channel.EMAIL));
    OutboundMessage b =
        compose(
            Decisions.decision("d2")
                .intervention("winback")
                .channel(Channel.EMAIL)
                .at(T)
                .variant("b")
                .build());

    assertThat(a.variant()).isEqualTo("a");
    assertThat(a.subject()).startsWith("We miss you");
    assertThat(b.variant()).isEqualTo("b");
    assertThat(b.subject()).isEqualTo("Everything you set up in Tempo is still there");
  }

  @Test
  void aTrialReminderSaysHowManyDaysAreLeftAndWhatThePlanCostsInTheUsersLanguage() {
    configureDemo();
    Instant end = T.plus(Duration.ofDays(3)).minusSeconds(3600);
    profiles.put(
        Profiles.user("u1")
            .email("a@b.c")
            .billing(
                new Billing(BillingStatus.TRIALING, null, T.minus(Duration.ofDays(11)), end, 0))
            .build());
    OutboundMessage english = compose(send("trial_ending", Channel.EMAIL));
    profiles.put(
        Profiles.user("u1")
            .email("a@b.c")
            .locale("de-DE")
            .billing(
                new Billing(BillingStatus.TRIALING, null, T.minus(Duration.ofDays(11)), end, 0))
            .build());
    OutboundMessage german = compose(send("trial_ending", Channel.EMAIL));

    assertThat(english.subject()).isEqualTo("Your Tempo trial ends in 3 days");
    assertThat(english.body()).contains("Pro is $7.99 a month");
    assertThat(german.subject()).isEqualTo("Deine Testphase endet in 3 Tagen");
    assertThat(german.body()).contains("Pro kostet 7,99 $ im Monat");
  }

  @Test
  void theLanguageFallsBackFromTheLocaleToItsLanguageToTheAppsDefaultToEnglish() {
    configureDemo();
    Map<String, String> expected =
        Map.of("pt-BR", "pt-BR", "pt-PT", "pt-BR", "es-MX", "es", "it-IT", "en", "fr", "fr");
    expected.forEach(
        (locale, language) -> {
          profiles.put(Profiles.user("u1").email("a@b.c").locale(locale).build());
          assertThat(compose(send("winback", Channel.EMAIL)).locale())
              .as(locale)
              .isEqualTo(language);
        });
  }

  @Test
  void aLanguageTheAppDoesNotOfferIsNotUsedEvenIfThereAreTemplatesForIt() {
    configs.save(
        APP,
        new AppConfig(
            new AppConfig.Product("Acme", null),
            null,
            null,
            null,
            null,
            new AppConfig.Legal("Acme SL", "Calle Mayor 1, 28013 Madrid"),
            new AppConfig.Languages(List.of("en", "es"), "es"),
            null,
            null,
            null,
            null),
        T);
    profiles.put(Profiles.user("u1").email("a@b.c").locale("fr-FR").build());

    OutboundMessage m = compose(send("winback", Channel.EMAIL));

    assertThat(m.locale()).isEqualTo("es");
    assertThat(m.subject()).isEqualTo("Te echamos de menos");
  }

  @Test
  void theSameInterventionReachesUsersInFiveLanguages() {
    configureDemo();
    Map<String, String> greeting =
        Map.of(
            "en", "Hi Ana,",
            "es", "Hola, Ana:",
            "fr", "Bonjour Ana,",
            "de", "Hallo Ana,",
            "pt-BR", "Olá, Ana!");
    greeting.forEach(
        (language, hello) -> {
          profiles.put(
              Profiles.user("u1").email("a@b.c").firstName("Ana").locale(language).build());
          OutboundMessage m = compose(send("onboarding_nudge", Channel.EMAIL));
          assertThat(m.locale()).isEqualTo(language);
          assertThat(m.body()).as(language).startsWith(hello).doesNotContain("{{");
          assertThat(m.html()).contains("lang=\"" + language + "\"");
        });
  }

  @Test
  void smsEndsWithTheOptOutNoticeAndPushHasATitleAndStaysShort() {
    configureDemo();
    profiles.put(Profiles.user("u1").phone("+15550000000").firstName("Bo").build());
    OutboundMessage sms = compose(send("payment_failed", Channel.SMS));
    profiles.put(Profiles.user("u1").pushToken("tok").firstName("X".repeat(200)).build());
    OutboundMessage push = compose(send("welcome", Channel.PUSH));

    assertThat(sms.to()).isEqualTo("+15550000000");
    assertThat(sms.subject()).isNull();
    assertThat(sms.body()).endsWith("Reply STOP to opt out.");
    assertThat(push.title()).isEqualTo("Welcome to Tempo");
    assertThat(push.body()).hasSizeLessThanOrEqualTo(MessageAssembler.PUSH_MAX_CHARS);
    assertThat(push.to()).isEqualTo("tok");
  }

  @Test
  void anInterventionTheAppTurnedOffIsNotComposed() {
    var interventions = new java.util.HashMap<>(AppConfigs.demo().interventions());
    interventions.put("winback", new AppConfig.InterventionSettings(false, null));
    configs.save(APP, AppConfigs.demoWith("interventions", interventions), T);
    profiles.put(Profiles.user("u1").email("a@b.c").build());

    assertThat(composer.apply(send("winback", Channel.EMAIL))).isEmpty();
    assertThat(composer.apply(send("welcome", Channel.EMAIL))).hasSize(1);
  }

  @Test
  void onlySendDecisionsAreComposed() {
    profiles.put(Profiles.user("u1").email("a@b.c").build());
    Decision deferred =
        Decisions.decision("d1")
            .reason(DecisionReason.QUIET_HOURS)
            .at(T)
            .sendAt(T.plusSeconds(3600))
            .build();
    assertThat(composer.apply(deferred)).isEmpty();
    assertThat(warehouse.rows(Table.MESSAGES)).isEmpty();
  }

  @Test
  void aUserWhoseAddressIsGoneGetsNothing() {
    profiles.put(Profiles.user("u1").build());
    assertThat(composer.apply(send("welcome", Channel.EMAIL))).isEmpty();
  }
}
