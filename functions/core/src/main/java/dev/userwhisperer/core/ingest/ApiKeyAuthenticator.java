package dev.userwhisperer.core.ingest;

import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.ApiKeyStore;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns an {@code Authorization: Bearer <key>} header and the scope an endpoint needs into the app
 * the key belongs to, or into the 401/403 answer. Shared by every endpoint of the public API.
 */
public final class ApiKeyAuthenticator {
  private static final String BEARER = "bearer ";

  private final ApiKeyStore keys;

  public ApiKeyAuthenticator(ApiKeyStore keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
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
    String key = header.substring(BEARER.length()).strip();
    ApiKey found = keys.findByHash(ApiKeys.hash(key)).orElse(null);
    if (found == null) {
      return new Refused(401, ApiError.of("invalid_api_key", "the API key is not known"));
    }
    if (found.revokedAt() != null) {
      return new Refused(
          403, ApiError.of("api_key_revoked", "the API key was revoked at " + found.revokedAt()));
    }
    if (!found.allows(scope)) {
      return new Refused(
          403, ApiError.of("insufficient_scope", "the API key lacks the scope '" + scope + "'"));
    }
    return new Authenticated(found.appId());
  }
}
