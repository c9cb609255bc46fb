package dev.userwhisperer.core.access;

import dev.userwhisperer.core.port.ApiKey;
import java.time.Instant;
import java.util.List;

/**
 * A key as the admin API lists it: never the key nor its hash.
 *
 * @param kind {@code write}, {@code secret}, {@code restricted}, or {@code legacy} for a key stored
 *     before kinds existed (it keeps its scopes)
 * @param status {@code active}, {@code expiring} (rotated, working until {@code expiresAt}), {@code
 *     expired} or {@code revoked}
 * @param scopes what it may do now, sorted
 */
public record KeyView(
    String keyId,
    String appId,
    String kind,
    String name,
    List<String> scopes,
    String status,
    Instant createdAt,
    Instant expiresAt,
    Instant revokedAt) {

  static KeyView of(ApiKey key, Instant now) {
    String status;
    if (key.revokedAt() != null) {
      status = "revoked";
    } else if (key.expiresAt() == null) {
      status = "active";
    } else {
      status = now.isBefore(key.expiresAt()) ? "expiring" : "expired";
    }
    List<String> scopes = ApiKey.ALL_SCOPES.stream().filter(key::holds).sorted().toList();
    if (key.kind() == null) {
      scopes = key.scopes().stream().sorted().toList();
    }
    return new KeyView(
        key.keyId(),
        key.appId(),
        key.kind() == null ? "legacy" : key.kind(),
        key.name(),
        scopes,
        status,
        key.createdAt(),
        key.expiresAt(),
        key.revokedAt());
  }

  /** A key just issued: the only answer that carries the key itself, shown this once. */
  public record Issued(String key, KeyView apiKey) {
    @Override
    public String toString() {
      return "Issued[keyId=" + apiKey.keyId() + "]";
    }
  }
}
