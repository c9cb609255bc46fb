package dev.userwhisperer.core.port;

import java.util.List;
import java.util.Optional;

/** The apps of the platform (the keys are in {@link ApiKeyStore}). */
public interface AppStore {
  Optional<App> find(String appId);

  /**
   * Stores a new app unless one with its id exists.
   *
   * @return false when the id was taken (nothing written)
   */
  boolean create(App app);

  /** Replaces the stored app of that id. */
  void save(App app);

  /** Every app, archived ones included, ordered by id. */
  List<App> list();
}
