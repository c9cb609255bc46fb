package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.ApiKeyStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemoryApiKeyStore implements ApiKeyStore {
  private final Map<String, ApiKey> keys = new ConcurrentHashMap<>();

  @Override
  public Optional<ApiKey> findByHash(String sha256Hex) {
    return Optional.ofNullable(keys.get(sha256Hex));
  }

  @Override
  public void save(ApiKey key) {
    keys.put(key.hash(), key);
  }

  @Override
  public List<ApiKey> listByApp(String appId) {
    return keys.values().stream().filter(k -> k.appId().equals(appId)).toList();
  }
}
