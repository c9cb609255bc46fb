package dev.userwhisperer.core.port;

/** Where the one send of a message stands in the {@code DeliveryLedger}. */
public enum SendState {
  /** Recorded before the provider is called; still there after a crash mid-call. */
  STARTED,
  /** The provider accepted the message (its answer, its webhook or its API said so). */
  SENT,
  /** The provider certainly did not accept it (429, 5xx, refused connection): safe to send. */
  NOT_SENT,
  /** The call timed out after the request may have arrived: reconcile before sending again. */
  UNKNOWN,
  /** The provider refused it for good. */
  REJECTED;

  /** Nothing more is ever sent for a message in this state. */
  public boolean isFinal() {
    return this == SENT || this == REJECTED;
  }

  /** A send may have happened, and nobody knows yet. */
  public boolean isInDoubt() {
    return this == STARTED || this == UNKNOWN;
  }
}
