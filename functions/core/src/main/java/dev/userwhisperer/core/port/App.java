package dev.userwhisperer.core.port;

import java.time.Instant;
import java.util.Objects;

/**
 * An app: the tenant that keys, profiles and configuration belong to.
 *
 * @param appId chosen by its creator, {@code [a-z0-9][a-z0-9-]{0,62}}, never reused
 * @param name for people
 * @param archivedAt when set, the app's keys were revoked and it takes no new ones
 */
public record App(String appId, String name, Instant createdAt, Instant archivedAt) {
  public App {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public boolean archived() {
    return archivedAt != null;
  }

  public App archive(Instant at) {
    return new App(appId, name, createdAt, at);
  }
}
