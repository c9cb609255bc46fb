package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.appconfig.AppConfig;
import dev.userwhisperer.core.appconfig.AppConfigValidator;
import dev.userwhisperer.core.appconfig.BuiltInAppConfig;
import dev.userwhisperer.core.decide.Intervention;
import dev.userwhisperer.core.decide.InterventionCatalog;
import java.util.Set;
import java.util.stream.Collectors;

/** App configurations for tests: the demo app's document, and a validator for the catalog. */
public final class AppConfigs {
  private AppConfigs() {}

  public static AppConfigValidator validator() {
    return new AppConfigValidator(
        InterventionCatalog.ALL.stream().map(Intervention::name).collect(Collectors.toSet()));
  }

  /** The demo app's configuration (resource {@code app-config/demo.json}). */
  public static AppConfig demo() {
    return BuiltInAppConfig.demo();
  }

  public static Set<String> interventions() {
    return InterventionCatalog.ALL.stream().map(Intervention::name).collect(Collectors.toSet());
  }
}
