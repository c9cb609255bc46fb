package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.profile.ArmCounts;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ArmStatistics} in a map; increments are atomic per arm. */
public final class InMemoryArmStatistics implements ArmStatistics {
  private final Map<String, Map<String, ArmCounts>> byApp = new ConcurrentHashMap<>();

  @Override
  public Map<String, ArmCounts> counts(String appId) {
    return Map.copyOf(byApp.getOrDefault(appId, Map.of()));
  }

  @Override
  public void add(String appId, Map<String, ArmCounts> increments) {
    Map<String, ArmCounts> app = byApp.computeIfAbsent(appId, a -> new ConcurrentHashMap<>());
    increments.forEach((arm, counts) -> app.merge(arm, counts, ArmCounts::plus));
  }
}
