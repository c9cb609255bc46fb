package dev.userwhisperer.core.access;

import dev.userwhisperer.core.ingest.ApiError;

/**
 * What the HTTP layer writes back for an admin call: the status and a body to serialise with Json.
 */
public record AdminAnswer(int status, Object body) {
  static AdminAnswer error(int status, ApiError error) {
    return new AdminAnswer(status, error.body());
  }

  static AdminAnswer error(int status, String code, String message, String field) {
    return error(status, new ApiError(code, message, field));
  }
}
