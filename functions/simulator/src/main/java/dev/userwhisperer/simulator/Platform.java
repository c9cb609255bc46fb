package dev.userwhisperer.simulator;

import java.time.Duration;
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

  /** A message read from the outbox with its cursor. */
  record OutboxItem(long seq, Message message) {}
}
