package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.port.PersonalDataStore;
import dev.userwhisperer.core.profile.ConsentRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemoryConsentTrail implements ConsentTrail, PersonalDataStore {
  private final List<ConsentRecord> records = new ArrayList<>();
  private final Set<String> suppressions = ConcurrentHashMap.newKeySet();

  @Override
  public synchronized void append(List<ConsentRecord> more) {
    for (ConsentRecord r : more) {
      if (records.stream()
          .noneMatch(h -> h.appId().equals(r.appId()) && h.recordId().equals(r.recordId()))) {
        records.add(r);
      }
    }
  }

  @Override
  public synchronized List<ConsentRecord> list(String appId, String userId) {
    return records.stream()
        .filter(r -> r.appId().equals(appId) && r.userId().equals(userId))
        .sorted(Comparator.comparing(ConsentRecord::at).thenComparing(ConsentRecord::recordId))
        .toList();
  }

  @Override
  public void suppress(String appId, Channel channel, String addressPseudonym, Instant at) {
    suppressions.add(appId + "|" + channel + "|" + addressPseudonym);
  }

  @Override
  public boolean suppressed(String appId, Channel channel, String addressPseudonym) {
    return suppressions.contains(appId + "|" + channel + "|" + addressPseudonym);
  }

  @Override
  public synchronized List<Erased> erase(ErasureScope scope) {
    int before = records.size();
    records.removeIf(r -> r.appId().equals(scope.appId()) && r.userId().equals(scope.userId()));
    return List.of(new Erased("memory.consent_trail", before - records.size()));
  }
}
