package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ChannelSender;
import dev.userwhisperer.core.port.SentMessages;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A sender that keeps each messageId once, like the local outbox. */
public final class RecordingChannelSender implements ChannelSender, SentMessages {
  private final Map<String, OutboundMessage> sent = new LinkedHashMap<>();
  private final Clock clock;

  public RecordingChannelSender(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Delivery send(OutboundMessage message) {
    sent.putIfAbsent(message.messageId(), message);
    return new Delivery(
        message.messageId(),
        message.appId(),
        message.userId(),
        message.channel(),
        "delivered",
        message.messageId(),
        clock.instant());
  }

  @Override
  public synchronized Optional<OutboundMessage> find(String messageId) {
    return Optional.ofNullable(sent.get(messageId));
  }

  public synchronized List<OutboundMessage> sent() {
    return List.copyOf(sent.values());
  }
}
