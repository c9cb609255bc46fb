package dev.userwhisperer.core.port;

/** A failure that a retry may cure: the bus redelivers the message with backoff. */
public class TransientFailure extends RuntimeException {
  public TransientFailure(String message, Throwable cause) {
    super(message, cause);
  }

  public TransientFailure(String message) {
    super(message);
  }
}
