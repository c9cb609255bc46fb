package dev.userwhisperer.core.port;

import java.util.Optional;

/** API keys, stored only as SHA-256 hashes. */
public interface ApiKeyStore {
  Optional<ApiKey> findByHash(String sha256Hex);

  void save(ApiKey key);
}
