package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.appconfig.AppConfig;
import dev.userwhisperer.core.appconfig.AppConfigValidator;
import dev.userwhisperer.core.appconfig.BuiltInAppConfig;
import dev.userwhisperer.core.decide.Intervention;
import dev.userwhisperer.core.decide.InterventionCatalog;
import dev.userwhisperer.core.json.Json;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ObjectNode;

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

  /**
   * The demo app's configuration with one top-level member replaced, e.g. {@code bannedPhrases}.
   */
  public static AppConfig demoWith(String member, Object value) {
    ObjectNode tree = Json.mapper().valueToTree(demo());
    tree.set(member, Json.mapper().valueToTree(value));
    return Json.mapper().treeToValue(tree, AppConfig.class);
  }

  public static Set<String> interventions() {
    return InterventionCatalog.ALL.stream().map(Intervention::name).collect(Collectors.toSet());
  }
}
