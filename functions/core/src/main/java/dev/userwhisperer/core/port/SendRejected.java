package dev.userwhisperer.core.port;

import java.util.Objects;

/**
 * The provider refused the message for good (a bad address, an unregistered push token, a
 * suppressed recipient, bad credentials): retrying cannot help.
 *
 * @see #code() the provider's error code, e.g. {@code 21211} (Twilio) or {@code UNREGISTERED} (FCM)
 */
public class SendRejected extends RuntimeException {
  private final String code;

  public SendRejected(String code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  public String code() {
    return code;
  }
}
