package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.port.AuditEntry;
import dev.userwhisperer.core.port.AuditLog;
import java.util.ArrayList;
import java.util.List;

public final class InMemoryAuditLog implements AuditLog {
  private final List<AuditEntry> entries = new ArrayList<>();

  @Override
  public synchronized void append(AuditEntry e) {
    entries.add(
        new AuditEntry(
            entries.size() + 1, e.at(), e.actor(), e.action(), e.appId(), e.keyId(), e.details()));
  }

  @Override
  public synchronized List<AuditEntry> list(String appId, int limit) {
    List<AuditEntry> newestFirst = new ArrayList<>(entries);
    java.util.Collections.reverse(newestFirst);
    return newestFirst.stream()
        .filter(e -> appId == null || e.appId().equals(appId))
        .limit(limit)
        .toList();
  }
}
