package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.appconfig.AppConfig;
import dev.userwhisperer.core.appconfig.AppConfigRevision;
import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.appconfig.BuiltInAppConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Each app's latest configuration as decide uses it (interventions on or off, content variants,
 * channel costs), read from the store at most once per {@code maxAge} of the clock's time per app,
 * so that decide does not read the store per signal. An app with no configuration gets the built-in
 * unconfigured one: every intervention and variant on, no costs of its own.
 */
public final class RecentAppConfigs implements Function<String, AppConfig> {
  private final AppConfigStore store;
  private final Clock clock;
  private final Duration maxAge;
  private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

  private record Loaded(AppConfig config, Instant at) {}

  public RecentAppConfigs(AppConfigStore store, Clock clock, Duration maxAge) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge must not be negative, was " + maxAge);
    }
    this.maxAge = maxAge;
  }

  /** Every app unconfigured: for tests and benchmarks of decide without a configuration store. */
  public static Function<String, AppConfig> none() {
    return appId -> BuiltInAppConfig.unconfigured(appId).config();
  }

  @Override
  public AppConfig apply(String appId) {
    Instant now = clock.instant();
    Loaded l = loaded.get(appId);
    if (l == null || !now.isBefore(l.at().plus(maxAge))) {
      AppConfig config =
          store
              .latest(appId)
              .map(AppConfigRevision::config)
              .orElseGet(() -> BuiltInAppConfig.unconfigured(appId).config());
      l = new Loaded(config, now);
      loaded.put(appId, l);
    }
    return l.config();
  }
}
