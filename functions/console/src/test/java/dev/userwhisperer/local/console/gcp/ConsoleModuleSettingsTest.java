package dev.userwhisperer.local.console.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The settings {@code terraform/modules/console} gives the container are exactly those the console
 * alone reads, under the names Spring binds environment variables to.
 */
class ConsoleModuleSettingsTest {
  static final Path MODULE = Path.of("../../terraform/modules/console/main.tf");
  static final Map<String, String> READ =
      Map.of(
          "WHISPERER_GCP_PROJECT", "whisperer.gcp-project",
          "WHISPERER_BIGQUERY_DATASET", "whisperer.bigquery-dataset",
          "WHISPERER_FIRESTORE_DB", "whisperer.firestore-db",
          "WHISPERER_MODELS_BUCKET", "whisperer.models-bucket",
          "WHISPERER_CONSOLE_AUTH", "whisperer.console.auth",
          "WHISPERER_CONSOLE_IAP_AUDIENCE", "whisperer.console.iap-audience",
          "WHISPERER_BIND_ADDRESS", "whisperer.bind-address");

  @Test
  void theModuleSetsExactlyTheSettingsTheConsoleReads() throws Exception {
    Matcher setting =
        Pattern.compile("^\\s*(WHISPERER_[A-Z_]+)\\s*=", Pattern.MULTILINE)
            .matcher(Files.readString(MODULE));
    Map<String, Object> environment = new TreeMap<>();
    while (setting.find()) {
      environment.put(setting.group(1), "set");
    }

    assertThat(environment.keySet()).containsExactlyInAnyOrderElementsOf(READ.keySet());
    var asSpringReadsThem = new SystemEnvironmentPropertySource("env", environment);
    READ.values()
        .forEach(property -> assertThat(asSpringReadsThem.getProperty(property)).isEqualTo("set"));
  }
}
