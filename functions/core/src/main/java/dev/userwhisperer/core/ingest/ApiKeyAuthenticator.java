package dev.userwhisperer.core.ingest;

import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.ApiKeyStore;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns an {@code Authorization: Bearer <key>} header and the scope an endpoint needs into the app
 * the key belongs to, or into the 401/403 answer. Shared by every endpoint of the public API.
 */
public final class ApiKeyAuthenticator {
  private static final String BEARER = "bearer ";
  private static final String BASIC = "basic ";

  private final ApiKeyStore keys;
  private final Clock clock;

  /**
   * @param clock the platform clock, against which a rotated key's expiry is checked
   */
  public ApiKeyAuthenticator(ApiKeyStore keys, Clock clock) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** What {@link #authenticate} found: either the app or the refusal to send back. */
  public sealed interface Outcome permits Authenticated, Refused {}

  public record Authenticated(String appId) implements Outcome {}

  /**
   * @param status 401 or 403
   */
  public record Refused(int status, ApiError error) implements Outcome {
    public IngestResponse response() {
      return IngestResponse.error(status, error);
    }
  }

  /**
   * @param authorization the raw header, possibly null
   * @param scope the scope the endpoint needs, e.g. {@link ApiKey#EVENTS_WRITE}
   */
  public Outcome authenticate(String authorization, String scope) {
    if (authorization == null || authorization.isBlank()) {
      return new Refused(
          401,
          ApiError.of(
              "missing_api_key", "send the app's API key as 'Authorization: Bearer <key>'"));
    }
    String header = authorization.strip();
    if (!header.toLowerCase(Locale.ROOT).startsWith(BEARER)
        || header.substring(BEARER.length()).isBlank()) {
      return new Refused(
          401, ApiError.of("invalid_api_key", "the Authorization header must be 'Bearer <key>'"));
    }
    return authenticateKey(header.substring(BEARER.length()).strip(), scope);
  }

  /**
   * As {@link #authenticate}, for Segment's clients: {@code Authorization: Basic base64(<write
   * key>:)}, the key as the user name and no password (a Bearer header works too).
   */
  public Outcome authenticateBasic(String authorization, String scope) {
    if (authorization == null || authorization.isBlank()) {
      return new Refused(
          401,
          ApiError.of(
              "missing_api_key",
              "send the write key as the user name of HTTP Basic auth ('Authorization: Basic"
                  + " base64(<key>:)')"));
    }
    String header = authorization.strip();
    if (!header.toLowerCase(Locale.ROOT).startsWith(BASIC)) {
      return authenticate(authorization, scope);
    }
    String credentials;
    try {
      credentials =
          new String(
              Base64.getDecoder().decode(header.substring(BASIC.length()).strip()),
              java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return new Refused(
          401, ApiError.of("invalid_api_key", "the Basic credentials are not valid base64"));
    }
    int colon = credentials.indexOf(':');
    String key = colon < 0 ? credentials : credentials.substring(0, colon);
    if (key.isBlank()) {
      return new Refused(
          401, ApiError.of("invalid_api_key", "the Basic user name must be the write key"));
    }
    return authenticateKey(key.strip(), scope);
  }

  private Outcome authenticateKey(String key, String scope) {
    ApiKey found = keys.findByHash(ApiKeys.hash(key)).orElse(null);
    if (found == null) {
      return new Refused(401, ApiError.of("invalid_api_key", "the API key is not known"));
    }
    if (found.revokedAt() != null) {
      return new Refused(
          403, ApiError.of("api_key_revoked", "the API key was revoked at " + found.revokedAt()));
    }
    if (!found.usableAt(clock.instant())) {
      return new Refused(
          403,
          ApiError.of(
              "api_key_expired",
              "the API key expired at "
                  + found.expiresAt()
                  + " (it was rotated); use its successor"));
    }
    if (!found.holds(scope)) {
      return new Refused(
          403, ApiError.of("insufficient_scope", "the API key lacks the scope '" + scope + "'"));
    }
    return new Authenticated(found.appId());
  }
}
