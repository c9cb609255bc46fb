package dev.userwhisperer.simulator;

import java.time.Instant;
import java.util.List;

/**
 * Whoever decides which messages users get: nobody, a classic tool's schedule, or the platform. The
 * simulation calls it hour by hour with what the users did and reports how they answered; it never
 * tells it the users' hidden traits.
 */
public interface Messenger extends AutoCloseable {
  /**
   * Takes the events users caused in {@code [from, to)} and answers the messages delivered since
   * the previous step, in delivery order.
   */
  List<Message> step(Instant from, Instant to, List<SimEvent> events);

  /** A user opened, clicked or unsubscribed from a message this messenger delivered. */
  void feedback(Message message, Feedback kind, Instant at);

  @Override
  default void close() {}
}
