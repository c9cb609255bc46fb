package dev.userwhisperer.local.store;

import dev.userwhisperer.core.compose.OutboundMessage;
import dev.userwhisperer.core.decide.Decision;
import dev.userwhisperer.core.decide.Decision.Outcome;
import dev.userwhisperer.core.profile.Channel;
import java.time.Instant;
import java.util.List;

/** Records for the store tests. */
final class Samples {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456789Z");

  static Decision decision(
      String appId, String userId, String id, Outcome outcome, Instant decidedAt, Instant sendAt) {
    boolean sends = outcome == Outcome.SEND || outcome == Outcome.DEFERRED;
    return new Decision(
        Decision.VERSION,
        id,
        appId,
        userId,
        "sig-" + id,
        "INACTIVE",
        outcome,
        sends ? "eligible" : "holdout",
        sends ? "win_back" : null,
        sends ? Channel.EMAIL : null,
        decidedAt,
        sends ? sendAt : null,
        List.of(),
        null,
        1.0,
        1.0,
        0.25,
        List.of(),
        List.of());
  }

  static OutboundMessage message(String appId, String messageId) {
    return new OutboundMessage(
        OutboundMessage.VERSION,
        messageId,
        "dec-" + messageId,
        appId,
        "u1",
        Channel.EMAIL,
        "ada@example.com",
        "en",
        "win_back",
        "A",
        "We miss you",
        "Come back. Unsubscribe: https://x/u",
        T0);
  }

  private Samples() {}
}
