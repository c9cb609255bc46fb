package dev.userwhisperer.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The platform as the simulator may use it: its public API (events in, the outbox out, the feedback
 * links) and the admin clock. Implemented over HTTP; nothing else reaches the platform.
 */
public interface Platform {
  /** {@code POST /v1/events}, in batches the API accepts. */
  void sendEvents(List<SimEvent> events);

  /** {@code POST /admin/clock/advance}: moves the platform's clock, sweeping and draining. */
  void advanceClock(Duration by);

  /** {@code POST /admin/drain}: waits until the pipeline has handled everything sent. */
  void drain();

  /** {@code GET /v1/outbox?after=}: the messages stored after {@code seq}, oldest first. */
  List<OutboxItem> outboxAfter(long seq, int limit);

  /** {@code POST /v1/outbox/{outboundId}/open|click|unsubscribe}. */
  void feedback(String messageId, Feedback kind);

  /**
   * {@code GET /v1/users/{userId}?decisionLimit=}: the user's latest decisions that weighed
   * interventions, newest first; empty for a user the platform does not know.
   */
  List<LoggedDecision> decisions(String userId, int limit);

  /**
   * One decision that weighed interventions, as the decision log records it.
   *
   * @param outcome {@code SEND}, {@code DEFERRED}, {@code HELD_OUT} or {@code NOT_ELIGIBLE}
   * @param reason the decision's reason code ({@code eligible}, {@code explored}, {@code
   *     no_uplift}, {@code holdout}, …)
   * @param source what predicted the first-ranked intervention's effect: {@code model}, {@code
   *     table} or {@code prior}
   * @param modelVersion the model's version when the source is {@code model}, else null
   */
  record LoggedDecision(
      String decisionId,
      Instant decidedAt,
      String outcome,
      String reason,
      String source,
      String modelVersion) {
    /** The suffix of the decision that releases, or withdraws, a deferred one. */
    private static final String RELEASE_SUFFIX = ":released";

    /** Whether it releases a deferred decision, which the deferral already counted. */
    public boolean isRelease() {
      return decisionId.endsWith(RELEASE_SUFFIX);
    }
  }

  /** A message read from the outbox with its cursor. */
  record OutboxItem(long seq, Message message) {}
}
