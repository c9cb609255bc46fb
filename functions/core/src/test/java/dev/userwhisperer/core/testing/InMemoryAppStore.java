package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.port.App;
import dev.userwhisperer.core.port.AppStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

public final class InMemoryAppStore implements AppStore {
  private final ConcurrentSkipListMap<String, App> apps = new ConcurrentSkipListMap<>();

  @Override
  public Optional<App> find(String appId) {
    return Optional.ofNullable(apps.get(appId));
  }

  @Override
  public boolean create(App app) {
    return apps.putIfAbsent(app.appId(), app) == null;
  }

  @Override
  public void save(App app) {
    apps.put(app.appId(), app);
  }

  @Override
  public List<App> list() {
    return List.copyOf(apps.values());
  }
}
