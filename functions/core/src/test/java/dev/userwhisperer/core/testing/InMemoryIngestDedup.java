package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.port.IngestDedup;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

public final class InMemoryIngestDedup implements IngestDedup {
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  @Override
  public Set<String> seen(String appId, Collection<String> messageIds) {
    return messageIds.stream()
        .filter(id -> seen.contains(appId + "/" + id))
        .collect(Collectors.toSet());
  }

  @Override
  public void remember(String appId, Collection<String> messageIds, Instant acceptedAt) {
    messageIds.forEach(id -> seen.add(appId + "/" + id));
  }
}
