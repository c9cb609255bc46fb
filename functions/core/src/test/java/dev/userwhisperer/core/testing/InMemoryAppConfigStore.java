package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.appconfig.AppConfig;
import dev.userwhisperer.core.appconfig.AppConfigRevision;
import dev.userwhisperer.core.appconfig.AppConfigStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public final class InMemoryAppConfigStore implements AppConfigStore {
  private final Map<String, List<AppConfigRevision>> byApp = new HashMap<>();

  @Override
  public synchronized Optional<AppConfigRevision> latest(String appId) {
    List<AppConfigRevision> versions = byApp.getOrDefault(appId, List.of());
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
  }

  @Override
  public synchronized Optional<AppConfigRevision> find(String appId, long version) {
    return byApp.getOrDefault(appId, List.of()).stream()
        .filter(r -> r.version() == version)
        .findFirst();
  }

  @Override
  public synchronized List<AppConfigRevision> history(String appId, int limit) {
    List<AppConfigRevision> newestFirst = new ArrayList<>(byApp.getOrDefault(appId, List.of()));
    java.util.Collections.reverse(newestFirst);
    return List.copyOf(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
  }

  @Override
  public synchronized AppConfigRevision save(String appId, AppConfig config, Instant savedAt) {
    List<AppConfigRevision> versions = byApp.computeIfAbsent(appId, a -> new ArrayList<>());
    AppConfigRevision revision =
        new AppConfigRevision(appId, versions.size() + 1L, config, savedAt);
    versions.add(revision);
    return revision;
  }
}
