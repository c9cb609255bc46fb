package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.profile.ArmCounts;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ArmStatistics} in a map by app and week; increments are atomic per arm. */
public final class InMemoryArmStatistics implements ArmStatistics {
  private final Map<String, Map<Long, Map<String, ArmCounts>>> byApp = new ConcurrentHashMap<>();

  @Override
  public Map<String, ArmCounts> counts(String appId, Instant asOf) {
    long first = ArmStatistics.firstWeekOfWindow(asOf);
    long last = ArmStatistics.weekOf(asOf);
    Map<String, ArmCounts> sum = new HashMap<>();
    byApp
        .getOrDefault(appId, Map.of())
        .forEach(
            (week, counts) -> {
              if (week >= first && week <= last) {
                counts.forEach((arm, c) -> sum.merge(arm, c, ArmCounts::plus));
              }
            });
    return Map.copyOf(sum);
  }

  @Override
  public void add(String appId, Map<String, ArmCounts> increments, Instant settledAt) {
    Map<String, ArmCounts> week =
        byApp
            .computeIfAbsent(appId, a -> new ConcurrentHashMap<>())
            .computeIfAbsent(ArmStatistics.weekOf(settledAt), w -> new ConcurrentHashMap<>());
    increments.forEach((arm, counts) -> week.merge(arm, counts, ArmCounts::plus));
  }
}
