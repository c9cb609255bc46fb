package dev.userwhisperer.local.bus;

/**
 * A handler with work that needs no writer (decoding, reading committed state), which the bus runs
 * ahead of a message's delivery on a thread of its own, while the message before is handled in the
 * writer's transaction: on two cores the two overlap. {@link #handle} must give the same result
 * whether or not {@link #prepare} ran, finished or failed for its message; prepare only saves it
 * work.
 */
public interface PreparingHandler extends MessageHandler {
  /**
   * Prepares the delivery of {@code message}; called at most once per claim of it, possibly after
   * or while it is handled. A failure is the handler's to ignore: handle does the work itself.
   */
  void prepare(BusMessage message);
}
