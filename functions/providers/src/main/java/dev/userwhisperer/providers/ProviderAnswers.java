package dev.userwhisperer.providers;

import dev.userwhisperer.core.port.OutcomeUnknown;
import dev.userwhisperer.core.port.ProviderUnavailable;
import dev.userwhisperer.core.port.SendRejected;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * How every sender reads a provider's answer: 429 and 5xx are "not accepted, try later" (with the
 * provider's {@code Retry-After}), other 4xx a refusal for good, and an I/O failure either "never
 * reached it" (connect failures) or "may have reached it" (everything after the request was
 * written, a read timeout above all).
 */
final class ProviderAnswers {
  /** Status of a message a provider accepted; {@code delivered} and the rest come by webhook. */
  static final String SENT = "sent";

  private ProviderAnswers() {}

  static boolean isRetryable(int status) {
    return status == 429 || status >= 500;
  }

  /**
   * @param code the provider's error code from the body, or null to use {@code http_<status>}
   */
  static RuntimeException failure(
      String provider, int status, String code, String retryAfter, Clock clock) {
    if (isRetryable(status)) {
      return new ProviderUnavailable(
          provider + " answered " + status + (code == null ? "" : " (" + code + ")"),
          retryAfter(retryAfter, clock));
    }
    String reason = code == null ? "http_" + status : code;
    return new SendRejected(reason, provider + " refused the message: " + status + " " + reason);
  }

  static RuntimeException ioFailure(String provider, IOException e) {
    if (neverReached(e)) {
      return new ProviderUnavailable(
          provider + " unreachable: " + e.getClass().getSimpleName(), null, e);
    }
    return new OutcomeUnknown(
        provider
            + " did not answer ("
            + e.getClass().getSimpleName()
            + "); the message may be sent",
        e);
  }

  /** The connection was never made, so the request cannot have arrived. */
  static boolean neverReached(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException
          || t instanceof HttpConnectTimeoutException
          || t.getClass().getSimpleName().equals("ConnectTimeoutException")) {
        return true;
      }
    }
    return false;
  }

  /** {@code Retry-After} as delta-seconds or an HTTP date; null when absent or unreadable. */
  static Duration retryAfter(String header, Clock clock) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(clock.instant(), at.toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }
}
