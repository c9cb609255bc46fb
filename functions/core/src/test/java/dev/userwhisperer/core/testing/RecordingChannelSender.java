package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ChannelSender;
import dev.userwhisperer.core.port.SentMessages;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A sender that keeps each outboundId once, like the local outbox. */
public final class RecordingChannelSender implements ChannelSender, SentMessages {
  private final Map<String, OutboundMessage> sent = new LinkedHashMap<>();
  private final Clock clock;

  public RecordingChannelSender(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Delivery send(OutboundMessage message) {
    sent.putIfAbsent(message.outboundId(), message);
    return new Delivery(
        message.outboundId(),
        message.appId(),
        message.userId(),
        message.channel(),
        "delivered",
        message.outboundId(),
        clock.instant());
  }

  @Override
  public synchronized Optional<OutboundMessage> find(String outboundId) {
    return Optional.ofNullable(sent.get(outboundId));
  }

  @Override
  public synchronized Optional<OutboundMessage> latestTo(Channel channel, String address) {
    OutboundMessage latest = null;
    for (OutboundMessage m : sent.values()) {
      if (m.channel() == channel && m.to().equals(address)) {
        latest = m;
      }
    }
    return Optional.ofNullable(latest);
  }

  public synchronized List<OutboundMessage> sent() {
    return List.copyOf(sent.values());
  }
}
