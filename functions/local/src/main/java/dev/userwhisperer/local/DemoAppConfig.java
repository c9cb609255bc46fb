package dev.userwhisperer.local;

import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.appconfig.AppConfigValidator;
import dev.userwhisperer.core.appconfig.AppConfigValidator.Invalid;
import dev.userwhisperer.core.appconfig.AppConfigValidator.Valid;
import dev.userwhisperer.core.appconfig.BuiltInAppConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Gives the demo app its first configuration when it has none: the file {@code
 * whisperer.app-config}, or the built-in example. An invalid file stops the start with every
 * violation and its JSON pointer. Later starts leave the stored configuration alone ({@code PUT
 * /v1/apps/demo/config} replaces it).
 */
@Component
class DemoAppConfig implements SmartInitializingSingleton {
  private static final Logger log = LoggerFactory.getLogger(DemoAppConfig.class);

  private final AppConfigStore store;
  private final AppConfigValidator validator;
  private final LocalProperties properties;
  private final Clock clock;

  DemoAppConfig(
      AppConfigStore store, AppConfigValidator validator, LocalProperties properties, Clock clock) {
    this.store = store;
    this.validator = validator;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (store.latest(DemoApp.APP_ID).isPresent()) {
      return;
    }
    Path file = properties.appConfig();
    String origin = file == null ? BuiltInAppConfig.DEMO_RESOURCE : file.toString();
    var result = validator.parse(file == null ? BuiltInAppConfig.demoDocument() : read(file));
    if (result instanceof Invalid invalid) {
      throw new IllegalStateException(
          "whisperer.app-config "
              + origin
              + " is not a valid app configuration: "
              + invalid.violations().stream()
                  .map(v -> v.pointer() + " " + v.code() + " (" + v.message() + ")")
                  .collect(Collectors.joining("; ")));
    }
    var saved = store.save(DemoApp.APP_ID, ((Valid) result).config(), clock.instant());
    log.info("demo app configuration version {} stored from {}", saved.version(), origin);
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read whisperer.app-config " + file, e);
    }
  }
}
