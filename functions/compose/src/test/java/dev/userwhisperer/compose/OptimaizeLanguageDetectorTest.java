package dev.userwhisperer.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.appconfig.AppConfigRevision;
import dev.userwhisperer.core.appconfig.BuiltInAppConfig;
import dev.userwhisperer.core.appconfig.ContentVariants;
import dev.userwhisperer.core.compose.ContentRequest;
import dev.userwhisperer.core.compose.Draft;
import dev.userwhisperer.core.compose.Situation;
import dev.userwhisperer.core.decide.InterventionCatalog;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.profile.LifecycleStage;
import dev.userwhisperer.core.testing.AppConfigs;
import dev.userwhisperer.core.testing.Composers;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class OptimaizeLanguageDetectorTest {
  private final OptimaizeLanguageDetector detector = new OptimaizeLanguageDetector();
  private static final List<String> OFFERED = BuiltInAppConfig.LANGUAGES;

  @Test
  void everyBuiltInEmailIsFoundInItsOwnLanguage() {
    AppConfigRevision app = new AppConfigRevision("a", 1, AppConfigs.demo(), Instant.EPOCH);
    for (var intervention : InterventionCatalog.ALL) {
      for (String language : OFFERED) {
        for (String variant : ContentVariants.BUILT_IN) {
          Situation situation =
              new Situation(
                  LifecycleStage.ACTIVATED,
                  "medium",
                  List.of(),
                  List.of(),
                  app.config().features().get(1),
                  3);
          Draft draft =
              Composers.templates()
                  .write(
                      new ContentRequest(
                          app, intervention.name(), Channel.EMAIL, language, situation, variant))
                  .draft();
          String text = (draft.subject() + "\n" + draft.body()).replace(Draft.FIRST_NAME, "");
          assertThat(detector.detect(text, OFFERED))
              .as("%s %s %s: %s", intervention.name(), language, variant, text)
              .contains(Locale.forLanguageTag(language).getLanguage());
        }
      }
    }
  }

  @Test
  void aShortTextOrASingleOfferedLanguageIsNotJudged() {
    assertThat(detector.detect("Hola, ¿qué tal?", OFFERED)).isEmpty();
    assertThat(
            detector.detect(
                "Gracias por unirte a Tempo. Termina la configuración hoy.", List.of("es")))
        .isEmpty();
  }

  @Test
  void theAnswerIsOneOfTheOfferedLanguages() {
    String italian = "Grazie per esserti iscritto. Completa la configurazione in due minuti.";
    assertThat(detector.detect(italian, List.of("en", "de")))
        .hasValueSatisfying(found -> assertThat(found).isIn("en", "de"))
        .isPresent();
  }
}
