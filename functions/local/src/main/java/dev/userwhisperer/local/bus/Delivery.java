package dev.userwhisperer.local.bus;

/** How a subscriber's messages are delivered with respect to the bus's own store. */
public enum Delivery {
  /** Each message is handled on its own; what the handler writes commits as it goes. */
  EACH_ON_ITS_OWN,

  /**
   * The messages a worker claims are handled in one transaction of the store the bus lives in,
   * together with their acknowledgements and whatever the handler publishes: each message's writes
   * are kept or undone with its outcome, and the batch costs one commit instead of several per
   * message. Only for handlers whose every effect is in that store (no e-mail sent, no HTTP call
   * whose result a rollback would forget), since a failed commit undoes the whole batch and it is
   * delivered again. A bus without such a store delivers each message on its own.
   */
  BATCH_IN_ONE_TRANSACTION
}
