package dev.userwhisperer.core.feedback;

import java.util.Objects;

/** Feedback about one message the platform sent. */
public record FeedbackRequest(String messageId, FeedbackKind kind) {
  public FeedbackRequest {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(kind, "kind");
  }
}
