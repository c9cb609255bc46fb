package dev.userwhisperer.local.bus;

import dev.userwhisperer.core.port.EventBus;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The bus the local runner wires its stages to and the admin API inspects: the {@link EventBus} the
 * stages publish to, plus subscription, draining, statistics and dead letters.
 */
public interface PipelineBus extends EventBus {

  /**
   * Starts delivering the messages of {@code topic} to {@code handler}: returning acknowledges a
   * message, throwing asks for a redelivery, until the bus gives up and dead-letters it.
   *
   * @throws IllegalStateException when the topic already has a subscriber
   */
  void subscribe(String topic, MessageHandler handler);

  /**
   * As {@link #subscribe(String, MessageHandler)}, delivered as {@code delivery} asks where the bus
   * can; by default each message on its own.
   */
  default void subscribe(String topic, MessageHandler handler, Delivery delivery) {
    subscribe(topic, handler);
  }

  /**
   * Waits until every message published to a subscribed topic has been acknowledged or
   * dead-lettered.
   *
   * @return false when still busy after {@code timeout}
   */
  boolean awaitIdle(Duration timeout) throws InterruptedException;

  /** Per topic with messages, dead letters, deliveries or a subscriber, by topic name. */
  Map<String, TopicStats> stats();

  /** The dead letters of {@code topic}, the most recent first. */
  List<DeadLetter> deadLetters(String topic, int limit);

  /**
   * Publishes the dead letters of {@code topic} again, with a fresh count of attempts.
   *
   * @return how many dead letters were taken
   */
  int redrive(String topic);
}
