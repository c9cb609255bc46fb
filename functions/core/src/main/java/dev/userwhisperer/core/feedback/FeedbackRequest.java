package dev.userwhisperer.core.feedback;

import java.util.Objects;

/** Feedback about one message the platform sent. */
public record FeedbackRequest(String outboundId, FeedbackKind kind) {
  public FeedbackRequest {
    Objects.requireNonNull(outboundId, "outboundId");
    Objects.requireNonNull(kind, "kind");
  }
}
