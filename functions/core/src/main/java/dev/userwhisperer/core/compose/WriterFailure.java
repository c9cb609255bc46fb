package dev.userwhisperer.core.compose;

import java.util.Objects;

/**
 * A writer could not write this message; the template writes it instead and the message records
 * {@link #reason()}.
 */
public final class WriterFailure extends RuntimeException {
  private final String reason;

  /**
   * @param reason machine-readable, e.g. {@code timeout}, {@code http_429}, {@code http_503},
   *     {@code refused}, {@code safety_blocked}, {@code malformed_output}, {@code schema_violation}
   */
  public WriterFailure(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public WriterFailure(String reason, String message) {
    this(reason, message, null);
  }

  public String reason() {
    return reason;
  }
}
