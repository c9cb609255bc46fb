package dev.userwhisperer.core.appconfig;

import dev.userwhisperer.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The configurations the platform ships: the one an app gets until it stores its own (version
 * {@value AppConfigRevision#BUILT_IN}: no product name, every built-in language, no links), and the
 * demo app's ({@value #DEMO_RESOURCE}), which the local runner stores at its first start.
 */
public final class BuiltInAppConfig {
  public static final String DEMO_RESOURCE = "app-config/demo.json";

  /** The languages the built-in templates are written in. */
  public static final List<String> LANGUAGES = List.of("en", "es", "fr", "de", "pt-BR");

  private static final AppConfig UNCONFIGURED =
      new AppConfig(
          new AppConfig.Product("", null),
          null,
          null,
          null,
          null,
          null,
          new AppConfig.Languages(LANGUAGES, "en"),
          null,
          null,
          null,
          null);

  private BuiltInAppConfig() {}

  /** What compose uses for an app that has no configuration. */
  public static AppConfigRevision unconfigured(String appId) {
    return new AppConfigRevision(appId, AppConfigRevision.BUILT_IN, UNCONFIGURED, Instant.EPOCH);
  }

  /** The demo app's document, as bytes to validate and store. */
  public static byte[] demoDocument() {
    try (InputStream in =
        BuiltInAppConfig.class.getClassLoader().getResourceAsStream(DEMO_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + DEMO_RESOURCE);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static AppConfig demo() {
    return Json.decode(demoDocument(), AppConfig.class);
  }
}
