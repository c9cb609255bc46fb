package dev.userwhisperer.core.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.appconfig.AppConfigRevision;
import dev.userwhisperer.core.appconfig.BuiltInAppConfig;
import dev.userwhisperer.core.appconfig.ContentVariants;
import dev.userwhisperer.core.decide.InterventionCatalog;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Provenance;
import dev.userwhisperer.core.profile.LifecycleStage;
import dev.userwhisperer.core.testing.AppConfigs;
import dev.userwhisperer.core.testing.Composers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TemplateWriterTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");

  /** Every intervention × channel × built-in language, with and without an app configuration. */
  static Stream<Arguments> everyTemplate() {
    List<Arguments> all = new ArrayList<>();
    AppConfigRevision demo = new AppConfigRevision("a", 1, AppConfigs.demo(), T);
    AppConfigRevision none = BuiltInAppConfig.unconfigured("a");
    for (var intervention : InterventionCatalog.ALL) {
      for (Channel channel : Channel.values()) {
        for (String language : BuiltInAppConfig.LANGUAGES) {
          for (AppConfigRevision app : List.of(demo, none)) {
            for (Integer trialDays : new Integer[] {null, 1, 3}) {
              for (String variant : ContentVariants.BUILT_IN) {
                all.add(
                    Arguments.of(intervention.name(), channel, language, app, trialDays, variant));
              }
            }
          }
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2} config v{3} trial {4} variant {5}")
  @MethodSource("everyTemplate")
  void everyTemplateRendersCompleteCopyForItsChannel(
      String intervention,
      Channel channel,
      String language,
      AppConfigRevision app,
      Integer trialDays,
      String variant) {
    Situation situation =
        new Situation(
            LifecycleStage.ACTIVATED,
            "medium",
            List.of(),
            List.of(),
            app.config().features().isEmpty() ? null : app.config().features().get(1),
            trialDays);
    ContentRequest request =
        new ContentRequest(app, intervention, channel, language, situation, variant);

    Written written = Composers.templates().write(request);

    Draft d = written.draft();
    assertThat(written.writer()).isEqualTo(Provenance.TEMPLATE);
    assertThat(d.body())
        .isNotBlank()
        .doesNotContain("{{#")
        .doesNotContain("{{/")
        .doesNotContain("  ");
    assertThat(d.body().replace(Draft.FIRST_NAME, "")).doesNotContain("{{");
    switch (channel) {
      case EMAIL -> {
        assertThat(d.subject()).isNotBlank().doesNotContain("{{#");
        assertThat(d.preheader()).isNotBlank();
        assertThat(d.cta()).isNotBlank();
      }
      case PUSH -> {
        assertThat(d.title()).isNotBlank().hasSizeLessThanOrEqualTo(50);
        assertThat(d.body()).hasSizeLessThanOrEqualTo(MessageAssembler.PUSH_MAX_CHARS);
      }
      case SMS -> assertThat(d.body()).hasSizeLessThanOrEqualTo(160);
    }
  }

  static Stream<Arguments> everyInterventionChannelAndLanguage() {
    List<Arguments> all = new ArrayList<>();
    for (var intervention : InterventionCatalog.ALL) {
      for (Channel channel : Channel.values()) {
        for (String language : BuiltInAppConfig.LANGUAGES) {
          all.add(Arguments.of(intervention.name(), channel, language));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("everyInterventionChannelAndLanguage")
  void everyInterventionAndChannelHasTwoVariantsThatReadDifferently(
      String intervention, Channel channel, String language) {
    AppConfigRevision app = new AppConfigRevision("a", 1, AppConfigs.demo(), T);
    Situation situation =
        new Situation(LifecycleStage.ACTIVATED, "medium", List.of(), List.of(), null, null);
    Draft a =
        Composers.templates()
            .write(new ContentRequest(app, intervention, channel, language, situation, "a"))
            .draft();
    Draft b =
        Composers.templates()
            .write(new ContentRequest(app, intervention, channel, language, situation, "b"))
            .draft();

    switch (channel) {
      case EMAIL -> assertThat(b.subject()).isNotEqualTo(a.subject());
      case PUSH -> assertThat(b.title()).isNotEqualTo(a.title());
      case SMS -> assertThat(b.body()).isEqualTo(app.config().product().name() + ": " + a.body());
    }
  }
}
