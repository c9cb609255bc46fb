package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.port.Quarantine;
import dev.userwhisperer.core.port.QuarantinedEvent;
import java.util.ArrayList;
import java.util.List;

public final class InMemoryQuarantine implements Quarantine {
  private final List<QuarantinedEvent> events = new ArrayList<>();

  @Override
  public synchronized void put(List<QuarantinedEvent> quarantined) {
    events.addAll(quarantined);
  }

  @Override
  public synchronized List<QuarantinedEvent> list(String appId, int limit) {
    List<QuarantinedEvent> newestFirst = new ArrayList<>(events);
    java.util.Collections.reverse(newestFirst);
    return newestFirst.stream().filter(e -> e.appId().equals(appId)).limit(limit).toList();
  }
}
