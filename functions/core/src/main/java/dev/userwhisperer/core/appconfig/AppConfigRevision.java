package dev.userwhisperer.core.appconfig;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored version of an app's configuration. Versions count from 1 per app; every replacement is
 * a new version and the earlier ones are kept. Version {@value #BUILT_IN} is the platform's
 * built-in configuration of an app that has none.
 *
 * @param savedAt when it was stored (platform time)
 */
public record AppConfigRevision(String appId, long version, AppConfig config, Instant savedAt) {
  public static final long BUILT_IN = 0;

  public AppConfigRevision {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(savedAt, "savedAt");
    if (version < BUILT_IN) {
      throw new IllegalArgumentException("version must be 0 or more, was " + version);
    }
  }
}
