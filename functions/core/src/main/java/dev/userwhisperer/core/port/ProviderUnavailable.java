package dev.userwhisperer.core.port;

import java.time.Duration;
import java.util.Optional;

/**
 * The provider did not accept the message and said so (429, 5xx, connection refused): sending it
 * again is safe. {@link #retryAfter()} is the provider's {@code Retry-After}, when it gave one.
 */
public class ProviderUnavailable extends TransientFailure {
  private final transient Duration retryAfter;

  public ProviderUnavailable(String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.retryAfter = retryAfter;
  }

  public ProviderUnavailable(String message, Duration retryAfter) {
    this(message, retryAfter, null);
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
