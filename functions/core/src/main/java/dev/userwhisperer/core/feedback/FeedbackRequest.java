package dev.userwhisperer.core.feedback;

import dev.userwhisperer.core.profile.ConsentSource;
import java.util.Objects;

/**
 * Feedback about one message the platform sent.
 *
 * @param source who reported it, recorded in the consent trail when the feedback withdraws consent
 *     (an unsubscribe, a spam report, a bounce)
 */
public record FeedbackRequest(String outboundId, FeedbackKind kind, ConsentSource source) {
  public FeedbackRequest {
    Objects.requireNonNull(outboundId, "outboundId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(source, "source");
  }

  /** Feedback by the app's own tooling ({@link ConsentSource#API}). */
  public FeedbackRequest(String outboundId, FeedbackKind kind) {
    this(outboundId, kind, ConsentSource.API);
  }
}
