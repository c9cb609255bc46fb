package dev.userwhisperer.core.port;

import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * An app's API key, as stored: only its hash, with a public {@code keyId} to list, rotate and
 * revoke it by.
 *
 * <p>Kinds: a {@value #WRITE} key may only send events and is safe to embed in a client; a {@value
 * #SECRET} key holds every scope in {@link #ALL_SCOPES}, including scopes added in later releases;
 * a {@value #RESTRICTED} key holds exactly its {@code scopes}. A key stored before kinds existed
 * ({@code kind} null) keeps the access it had: its scopes, plus {@value #OUTBOX_READ} when it reads
 * profiles and {@value #QUARANTINE_READ} when it writes events (those endpoints used to ask for
 * those scopes).
 *
 * @param hash lowercase hex SHA-256 of the whole key, the lookup on every request
 * @param scopes what the key may do; see the constants
 * @param revokedAt when set, the key is refused with 403 {@code api_key_revoked}
 * @param keyId public, unique per key; for a key stored before ids existed, the first 12 hex digits
 *     of its hash
 * @param kind {@value #WRITE}, {@value #SECRET}, {@value #RESTRICTED}, or null for a key from
 *     before kinds
 * @param name what the key is for, as its creator said (may be null)
 * @param expiresAt when set, the key is refused from then on with 403 {@code api_key_expired}: a
 *     rotated key keeps working until the end of its overlap
 */
public record ApiKey(
    String hash,
    String appId,
    Set<String> scopes,
    Instant createdAt,
    Instant revokedAt,
    String keyId,
    String kind,
    String name,
    Instant expiresAt) {
  public static final String EVENTS_WRITE = "events:write";
  public static final String PROFILES_READ = "profiles:read";

  /** Reads the messages sent ({@code GET /v1/outbox}): they hold personal data. */
  public static final String OUTBOX_READ = "outbox:read";

  /** Reads rejected events with their original payload ({@code GET /v1/quarantine}). */
  public static final String QUARANTINE_READ = "quarantine:read";

  /** Reads the app's configuration: a secret key's scope, never a client SDK's. */
  public static final String CONFIG_READ = "config:read";

  /** Replaces the app's configuration: a secret key's scope, never a client SDK's. */
  public static final String CONFIG_WRITE = "config:write";

  /**
   * Erases a user ({@code DELETE /v1/users/{userId}}): a secret key's scope, never a client SDK's.
   */
  public static final String USERS_DELETE = "users:delete";

  /**
   * Every scope there is, which a secret key holds. A new scope is one constant here: secret keys
   * hold it at once, write keys never.
   */
  public static final Set<String> ALL_SCOPES =
      Set.of(
          EVENTS_WRITE,
          PROFILES_READ,
          OUTBOX_READ,
          QUARANTINE_READ,
          CONFIG_READ,
          CONFIG_WRITE,
          USERS_DELETE);

  public static final String WRITE = "write";
  public static final String SECRET = "secret";
  public static final String RESTRICTED = "restricted";

  /** Characters of a legacy key's hash used as its id. */
  static final int LEGACY_ID_LENGTH = 12;

  public ApiKey {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(appId, "appId");
    if (kind != null && !Set.of(WRITE, SECRET, RESTRICTED).contains(kind)) {
      throw new IllegalArgumentException("unknown key kind " + kind);
    }
    scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    if (kind == null) {
      scopes = legacyScopes(scopes);
    }
    if (keyId == null) {
      keyId = hash.substring(0, Math.min(LEGACY_ID_LENGTH, hash.length()));
    }
  }

  /** A key as stored before key ids, kinds and expiry existed. */
  public ApiKey(
      String hash, String appId, Set<String> scopes, Instant createdAt, Instant revokedAt) {
    this(hash, appId, scopes, createdAt, revokedAt, null, null, null, null);
  }

  private static Set<String> legacyScopes(Set<String> stored) {
    Set<String> scopes = new HashSet<>(stored);
    if (stored.contains(PROFILES_READ)) {
      scopes.add(OUTBOX_READ);
    }
    if (stored.contains(EVENTS_WRITE)) {
      scopes.add(QUARANTINE_READ);
    }
    return Set.copyOf(scopes);
  }

  /** Whether the key holds {@code scope}, whatever its state; see {@link #usableAt}. */
  public boolean holds(String scope) {
    return SECRET.equals(kind) ? ALL_SCOPES.contains(scope) : scopes.contains(scope);
  }

  /** Not revoked and not past its expiry at {@code now}. */
  public boolean usableAt(Instant now) {
    return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }

  /** Ignores expiry; kept for callers without a clock. */
  public boolean allows(String scope) {
    return revokedAt == null && holds(scope);
  }

  public ApiKey revoked(Instant at) {
    return new ApiKey(hash, appId, scopes, createdAt, at, keyId, kind, name, expiresAt);
  }

  public ApiKey expiring(Instant at) {
    return new ApiKey(hash, appId, scopes, createdAt, revokedAt, keyId, kind, name, at);
  }
}
