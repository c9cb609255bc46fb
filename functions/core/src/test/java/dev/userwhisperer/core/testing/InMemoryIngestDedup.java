package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.port.IngestDedup;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** {@link IngestDedup} in a map, atomic by a lock; accepted ids are never forgotten. */
public final class InMemoryIngestDedup implements IngestDedup {
  private record Entry(boolean pending, Instant at) {}

  private final Map<String, Entry> entries = new HashMap<>();

  @Override
  public synchronized Claim claim(String appId, Collection<String> messageIds, Instant at) {
    Set<String> claimed = new HashSet<>();
    Set<String> inFlight = new HashSet<>();
    for (String id : messageIds) {
      Entry entry = entries.get(appId + "/" + id);
      if (entry == null || (entry.pending() && !entry.at().plus(CLAIM_LEASE).isAfter(at))) {
        entries.put(appId + "/" + id, new Entry(true, at));
        claimed.add(id);
      } else if (entry.pending()) {
        inFlight.add(id);
      }
    }
    return new Claim(claimed, inFlight);
  }

  @Override
  public synchronized void confirm(String appId, Collection<String> messageIds, Instant claimedAt) {
    messageIds.forEach(id -> entries.put(appId + "/" + id, new Entry(false, claimedAt)));
  }

  @Override
  public synchronized void release(String appId, Collection<String> messageIds, Instant claimedAt) {
    messageIds.forEach(id -> entries.remove(appId + "/" + id, new Entry(true, claimedAt)));
  }

  /** Whether {@code messageId} is accepted (claimed and confirmed). */
  public synchronized boolean isAccepted(String appId, String messageId) {
    Entry entry = entries.get(appId + "/" + messageId);
    return entry != null && !entry.pending();
  }
}
