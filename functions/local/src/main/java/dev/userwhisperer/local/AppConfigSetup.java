package dev.userwhisperer.local;

import dev.userwhisperer.compose.ComposeConfiguration;
import dev.userwhisperer.core.appconfig.AppConfigApi;
import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.appconfig.AppConfigValidator;
import dev.userwhisperer.core.compose.Composer;
import dev.userwhisperer.core.compose.PreviewApi;
import dev.userwhisperer.core.decide.Intervention;
import dev.userwhisperer.core.decide.InterventionCatalog;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator;
import dev.userwhisperer.gcp.GeminiWriterConfiguration;
import java.time.Clock;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The app configuration's validator and admin API over whichever store the backend provides, and
 * the Gemini writer when {@code whisperer.compose.writer=gemini} (the OpenAI-compatible one comes
 * with the compose stage's configuration).
 */
@Configuration(proxyBeanMethods = false)
@Import(GeminiWriterConfiguration.class)
class AppConfigSetup {

  @Bean
  AppConfigValidator appConfigValidator() {
    return new AppConfigValidator(
        InterventionCatalog.ALL.stream().map(Intervention::name).collect(Collectors.toSet()));
  }

  @Bean
  AppConfigApi appConfigApi(
      ApiKeyAuthenticator authenticator,
      AppConfigStore store,
      AppConfigValidator validator,
      Clock clock) {
    return new AppConfigApi(authenticator, store, validator, clock);
  }

  /** Previews with the compose stage's own composer, so that a preview is what compose sends. */
  @Bean
  PreviewApi previewApi(
      ApiKeyAuthenticator authenticator, @Qualifier(ComposeConfiguration.FUNCTION) Object compose) {
    if (!(compose instanceof Composer composer)) {
      throw new IllegalStateException(
          "the compose function is not a Composer: " + compose.getClass());
    }
    return new PreviewApi(authenticator, composer);
  }
}
