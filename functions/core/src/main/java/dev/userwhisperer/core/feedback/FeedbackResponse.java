package dev.userwhisperer.core.feedback;

import dev.userwhisperer.core.ingest.ApiError;
import java.util.Map;
import java.util.Objects;

/**
 * The HTTP answer to feedback.
 *
 * @param body {@code {"status":"accepted","eventId":…}} for 202, an {@link ApiError.Body} otherwise
 */
public record FeedbackResponse(int status, Object body) {
  public FeedbackResponse {
    Objects.requireNonNull(body, "body");
  }

  static FeedbackResponse accepted(String eventId) {
    return new FeedbackResponse(202, Map.of("status", "accepted", "eventId", eventId));
  }

  static FeedbackResponse ok(Object body) {
    return new FeedbackResponse(200, body);
  }

  static FeedbackResponse error(int status, ApiError error) {
    return new FeedbackResponse(status, error.body());
  }
}
