package dev.userwhisperer.gcp;

import dev.userwhisperer.compose.ComposeConfiguration;
import dev.userwhisperer.core.appconfig.AppConfigApi;
import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.appconfig.AppConfigValidator;
import dev.userwhisperer.core.compose.Composer;
import dev.userwhisperer.core.compose.PreviewApi;
import dev.userwhisperer.core.decide.Intervention;
import dev.userwhisperer.core.decide.InterventionCatalog;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator;
import dev.userwhisperer.core.port.ApiKeyStore;
import java.time.Clock;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The app configuration's admin API and the preview, as the HTTP function {@value #FUNCTION} serves
 * them ({@link HttpStages}): over the Firestore stores, previewing with the compose stage's own
 * composer, so that a preview is what compose sends.
 */
@Configuration(proxyBeanMethods = false)
class GcpAppConfigApi {
  static final String FUNCTION = "appconfig";

  @Bean
  AppConfigValidator appConfigValidator() {
    return new AppConfigValidator(
        InterventionCatalog.ALL.stream().map(Intervention::name).collect(Collectors.toSet()));
  }

  @Bean
  ApiKeyAuthenticator apiKeyAuthenticator(ApiKeyStore keys, Clock clock) {
    return new ApiKeyAuthenticator(keys, clock);
  }

  @Bean
  AppConfigApi appConfigApi(
      ApiKeyAuthenticator authenticator,
      AppConfigStore store,
      AppConfigValidator validator,
      Clock clock) {
    return new AppConfigApi(authenticator, store, validator, clock);
  }

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
