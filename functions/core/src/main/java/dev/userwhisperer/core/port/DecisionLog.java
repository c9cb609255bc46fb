package dev.userwhisperer.core.port;

import dev.userwhisperer.core.message.Decision;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Every decision made, per user, newest first. Used for frequency caps and for the user API. */
public interface DecisionLog {
  /** Records a decision; recording the same decisionId again changes nothing. */
  void record(Decision decision);

  Optional<Decision> find(String appId, String decisionId);

  List<Decision> recent(String appId, String userId, int limit);

  /**
   * Messages sent or scheduled for the user since {@code since}: decisions with outcome SEND or
   * DEFERRED whose sendAt is at or after {@code since}, counted once per signalId (a deferred
   * decision and the SEND that releases it are one message). A DEFERRED decision whose release was
   * withdrawn (a NOT_ELIGIBLE decision with id {@link Decision#releasedId}) is no message: nothing
   * was sent and nothing will be.
   */
  default int countMessagesSince(String appId, String userId, Instant since) {
    return messagesSince(appId, userId, since).size();
  }

  /**
   * The messages {@link #countMessagesSince} counts, each as the latest sendAt of its decisions, in
   * no particular order: one read serves every cap window up to {@code since}, a message counting
   * in a shorter window when its time is within it.
   */
  List<Instant> messagesSince(String appId, String userId, Instant since);
}
