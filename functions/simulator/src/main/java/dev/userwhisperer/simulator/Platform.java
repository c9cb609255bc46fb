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
   * {@code GET /v1/users/{userId}?decisionLimit=}: what predicted the effects weighed by each of
   * the user's latest decisions that weighed interventions, newest first; empty for a user the
   * platform does not know.
   */
  List<Predictor> predictors(String userId, int limit);

  /**
   * The predictor of one decision's first-ranked intervention, as the decision log records it.
   *
   * @param source {@code model}, {@code table} or {@code prior}
   * @param modelVersion the model's version when the source is {@code model}, else null
   */
  record Predictor(Instant decidedAt, String source, String modelVersion) {}

  /** A message read from the outbox with its cursor. */
  record OutboxItem(long seq, Message message) {}
}
