package dev.userwhisperer.core.port;

/**
 * The request may have reached the provider but no answer came (a read timeout, a connection cut
 * after the request was written): the message may or may not be on its way, so it must not be sent
 * again until its fate is reconciled from the provider's webhook or API.
 */
public class OutcomeUnknown extends TransientFailure {
  public OutcomeUnknown(String message, Throwable cause) {
    super(message, cause);
  }

  public OutcomeUnknown(String message) {
    super(message);
  }
}
