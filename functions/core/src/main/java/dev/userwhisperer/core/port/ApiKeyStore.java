package dev.userwhisperer.core.port;

import java.util.List;
import java.util.Optional;

/** API keys, stored only as SHA-256 hashes. */
public interface ApiKeyStore {
  Optional<ApiKey> findByHash(String sha256Hex);

  /** Saves the key under its hash, replacing the one stored there (how a key is revoked). */
  void save(ApiKey key);

  /** Every key of the app, revoked and expired ones included, in no particular order. */
  List<ApiKey> listByApp(String appId);
}
