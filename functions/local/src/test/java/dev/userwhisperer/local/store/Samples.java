package dev.userwhisperer.local.store;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.Provenance;
import java.time.Instant;

/** Records for the store tests. */
final class Samples {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456789Z");

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
        T0,
        null,
        null,
        null,
        Provenance.template(0));
  }

  private Samples() {}
}
