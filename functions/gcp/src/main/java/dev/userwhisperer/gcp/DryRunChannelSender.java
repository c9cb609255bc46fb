package dev.userwhisperer.gcp;

import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ChannelSender;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ChannelSender} on Google Cloud for every app and channel without a provider route
 * ({@code WHISPERER_DELIVERY_ROUTES}): sends nothing, records what would have been sent, so that
 * feedback links and the deliveries table work end to end. Logs ids only, never the address or the
 * text.
 */
final class DryRunChannelSender implements ChannelSender {
  static final String STATUS = "dry_run";
  private static final Logger log = LoggerFactory.getLogger(DryRunChannelSender.class);

  private final FirestoreSentMessages sent;
  private final Clock clock;

  DryRunChannelSender(FirestoreSentMessages sent, Clock clock) {
    this.sent = sent;
    this.clock = clock;
  }

  @Override
  public Delivery send(OutboundMessage message) {
    Delivery delivery =
        new Delivery(
            message.outboundId(),
            message.appId(),
            message.userId(),
            message.channel(),
            STATUS,
            "dry-run/" + message.outboundId(),
            clock.instant());
    sent.record(message, delivery);
    log.info(
        "dry run: not sending {} message {} of app {} to user {}",
        message.channel(),
        message.outboundId(),
        message.appId(),
        message.userId());
    return delivery;
  }
}
