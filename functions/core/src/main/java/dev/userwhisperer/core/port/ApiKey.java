package dev.userwhisperer.core.port;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An app's API key, as stored: only its hash.
 *
 * @param scopes what the key may do, e.g. {@code events:write}, {@code profiles:read}, {@code
 *     config:write}
 * @param revokedAt when set, the key is refused with 403
 */
public record ApiKey(
    String hash, String appId, Set<String> scopes, Instant createdAt, Instant revokedAt) {
  public static final String EVENTS_WRITE = "events:write";
  public static final String PROFILES_READ = "profiles:read";

  /** Reads the app's configuration: a secret key's scope, never a client SDK's. */
  public static final String CONFIG_READ = "config:read";

  /** Replaces the app's configuration: a secret key's scope, never a client SDK's. */
  public static final String CONFIG_WRITE = "config:write";

  /**
   * Erases a user ({@code DELETE /v1/users/{userId}}): a secret key's scope, never a client SDK's.
   */
  public static final String USERS_DELETE = "users:delete";

  public ApiKey {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(appId, "appId");
    scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
  }

  public boolean allows(String scope) {
    return revokedAt == null && scopes.contains(scope);
  }
}
