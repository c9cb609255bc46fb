package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.port.DecisionLog;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public final class InMemoryDecisionLog implements DecisionLog {
  private final Map<String, Decision> decisions = new LinkedHashMap<>();

  @Override
  public synchronized void record(Decision decision) {
    decisions.putIfAbsent(decision.appId() + "/" + decision.decisionId(), decision);
  }

  @Override
  public synchronized Optional<Decision> find(String appId, String decisionId) {
    return Optional.ofNullable(decisions.get(appId + "/" + decisionId));
  }

  @Override
  public synchronized List<Decision> recent(String appId, String userId, int limit) {
    return decisions.values().stream()
        .filter(d -> d.appId().equals(appId) && d.userId().equals(userId))
        .sorted(Comparator.comparing(Decision::decidedAt).reversed())
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized int countMessagesSince(String appId, String userId, Instant since) {
    return (int)
        decisions.values().stream()
            .filter(d -> d.appId().equals(appId) && d.userId().equals(userId))
            .filter(d -> d.outcome() == Outcome.SEND || d.outcome() == Outcome.DEFERRED)
            .filter(d -> !d.sendAt().isBefore(since))
            .filter(d -> d.outcome() != Outcome.DEFERRED || !withdrawn(d))
            .map(Decision::signalId)
            .distinct()
            .count();
  }

  private boolean withdrawn(Decision deferred) {
    Decision release = decisions.get(deferred.appId() + "/" + Ids.released(deferred.decisionId()));
    return release != null && release.outcome() == Outcome.NOT_ELIGIBLE;
  }

  public synchronized List<Decision> all() {
    return List.copyOf(decisions.values());
  }
}
