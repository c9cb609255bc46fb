package dev.userwhisperer.core.ingest;

import java.util.Objects;

/**
 * The one error body of the public API: {@code {"error":{"code":…,"message":…,"field":…}}}. Every
 * 4xx/5xx answer of every endpoint is made from this record, so clients parse one shape.
 *
 * @param code machine-readable and stable, e.g. {@code invalid_api_key} (see openapi.yaml)
 * @param message for the developer reading it; may change between releases
 * @param field JSON pointer of the offending field within the request body, or null
 */
public record ApiError(String code, String message, String field) {

  public ApiError {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  public static ApiError of(String code, String message) {
    return new ApiError(code, message, null);
  }

  /** The response body: this error wrapped in its {@code error} member. */
  public Body body() {
    return new Body(this);
  }

  /** The serialised shape; {@code field} is written as {@code null} when absent. */
  public record Body(ApiError error) {}
}
