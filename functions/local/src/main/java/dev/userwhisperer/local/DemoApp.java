package dev.userwhisperer.local;

import dev.userwhisperer.core.ingest.ApiKeys;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.ApiKeyStore;
import dev.userwhisperer.core.port.App;
import dev.userwhisperer.core.port.AppStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * On the first start, creates the app {@code demo} with a secret API key (every scope) and prints
 * the key once (only its hash is stored). {@code whisperer.demo-api-key} registers a key of your
 * choosing instead, on every start, for scripts and load tests.
 */
@Component
class DemoApp implements SmartInitializingSingleton {
  static final String APP_ID = "demo";
  private static final String CREATED_MARKER = ".demo-app-created";

  private final ApiKeyStore keys;
  private final AppStore apps;
  private final LocalProperties properties;
  private final Clock clock;
  private String createdKey;
  private String keyOrigin;

  DemoApp(ApiKeyStore keys, AppStore apps, LocalProperties properties, Clock clock) {
    this.keys = keys;
    this.apps = apps;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Registers the key before the web server starts (singletons are ready, the server is not yet
   * listening), so that no request can arrive before the key is known.
   */
  @Override
  public void afterSingletonsInstantiated() {
    // data directories from before the apps API have the demo app's key but not the app
    apps.create(new App(APP_ID, "Demo app", clock.instant(), null));
    Path marker = properties.dataDir().resolve(CREATED_MARKER);
    String key = properties.demoApiKey();
    if (key == null && Files.exists(marker)) {
      return;
    }
    createdKey = key == null ? ApiKeys.generate(new SecureRandom()) : key;
    keyOrigin = key == null ? "shown once, stored hashed" : "from whisperer.demo-api-key";
    keys.save(
        new ApiKey(
            ApiKeys.hash(createdKey),
            APP_ID,
            ApiKey.ALL_SCOPES,
            clock.instant(),
            null,
            null,
            ApiKey.SECRET,
            "demo key",
            null));
    markCreated(marker);
  }

  @EventListener(ApplicationReadyEvent.class)
  void printWhereItListens(ApplicationReadyEvent ready) {
    String url =
        "http://localhost:"
            + ((WebServerApplicationContext) ready.getApplicationContext())
                .getWebServer()
                .getPort();
    if (createdKey == null) {
      System.out.printf(
          "User Whisperer listens on %s (data in %s). API docs: %s/docs%n"
              + "The demo app's key was printed on the first start; delete %s to start afresh.%n",
          url, properties.dataDir().toAbsolutePath(), url, properties.dataDir());
      return;
    }
    System.out.printf(
        "%nUser Whisperer listens on %s (data in %s). API docs: %s/docs%n"
            + "Demo app API key (%s): %s%n%n"
            + "Send a first event:%n"
            + "  curl -X POST %s/v1/events -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' \\%n"
            + "    -d '{\"messageId\":\"hello-1\",\"type\":\"user_signup\",\"userId\":\"u-1\",\"traits\":{\"email\":\"ada@example.com\",\"firstName\":\"Ada\"}}'%n"
            + "  curl %s/v1/users/u-1 -H 'Authorization: Bearer %s'%n"
            + "  curl %s/v1/outbox -H 'Authorization: Bearer %s'%n%n",
        url,
        properties.dataDir().toAbsolutePath(),
        url,
        keyOrigin,
        createdKey,
        url,
        createdKey,
        url,
        createdKey,
        url,
        createdKey);
  }

  private static void markCreated(Path marker) {
    try {
      Files.writeString(marker, "the demo app exists; its key is stored hashed in whisperer.db\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + marker, e);
    }
  }
}
