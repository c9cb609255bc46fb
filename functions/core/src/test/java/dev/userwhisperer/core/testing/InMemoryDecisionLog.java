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
import java.util.stream.Collectors;

public final class InMemoryDecisionLog implements DecisionLog {
  private final Map<String, Decision> decisions = new LinkedHashMap<>();
  private int messageReads;

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
  public synchronized List<Instant> messagesSince(String appId, String userId, Instant since) {
    messageReads++;
    return List.copyOf(
        decisions.values().stream()
            .filter(d -> d.appId().equals(appId) && d.userId().equals(userId))
            .filter(d -> d.outcome() == Outcome.SEND || d.outcome() == Outcome.DEFERRED)
            .filter(d -> !d.sendAt().isBefore(since))
            .filter(d -> d.outcome() != Outcome.DEFERRED || !withdrawn(d))
            .collect(
                Collectors.toMap(
                    d ->
                        d.signalId() != null
                            ? "signal:" + d.signalId()
                            : "decision:" + d.decisionId(),
                    Decision::sendAt,
                    (a, b) -> a.isAfter(b) ? a : b))
            .values());
  }

  private boolean withdrawn(Decision deferred) {
    Decision release = decisions.get(deferred.appId() + "/" + Ids.released(deferred.decisionId()));
    return release != null && release.outcome() == Outcome.NOT_ELIGIBLE;
  }

  /** How many times {@link #messagesSince} was read: what a store bills as a query each. */
  public synchronized int messageReads() {
    return messageReads;
  }

  public synchronized List<Decision> all() {
    return List.copyOf(decisions.values());
  }
}
