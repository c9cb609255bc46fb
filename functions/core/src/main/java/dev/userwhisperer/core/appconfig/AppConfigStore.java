package dev.userwhisperer.core.appconfig;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Every version of every app's configuration; a new version never replaces an old one. */
public interface AppConfigStore {

  /** The app's newest version, empty when it never stored one. */
  Optional<AppConfigRevision> latest(String appId);

  Optional<AppConfigRevision> find(String appId, long version);

  /** The app's versions, newest first, at most {@code limit}. */
  List<AppConfigRevision> history(String appId, int limit);

  /**
   * Stores {@code config} as the app's next version (1 for the first), atomically: two concurrent
   * saves get two versions.
   */
  AppConfigRevision save(String appId, AppConfig config, Instant savedAt);
}
