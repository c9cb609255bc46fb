package dev.userwhisperer.telemetry;

import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ChannelSender;
import dev.userwhisperer.core.port.OutcomeUnknown;
import dev.userwhisperer.core.port.ProviderUnavailable;
import dev.userwhisperer.core.port.Reconciliation;
import dev.userwhisperer.core.port.SendRejected;
import java.time.Instant;
import java.util.Locale;

/**
 * Counts each send by channel and what the provider answered: its status, or {@code rejected},
 * {@code unavailable}, {@code unknown} when it threw (the exception still goes to the caller).
 */
public final class MeteredChannelSender implements ChannelSender {
  private final ChannelSender sender;
  private final PipelineMetrics metrics;

  public MeteredChannelSender(ChannelSender sender, PipelineMetrics metrics) {
    this.sender = sender;
    this.metrics = metrics;
  }

  @Override
  public Delivery send(OutboundMessage message) {
    String channel = message.channel().name().toLowerCase(Locale.ROOT);
    String status = "error";
    try {
      Delivery delivery = sender.send(message);
      status = delivery.status();
      return delivery;
    } catch (SendRejected e) {
      status = "rejected";
      throw e;
    } catch (ProviderUnavailable e) {
      status = "unavailable";
      throw e;
    } catch (OutcomeUnknown e) {
      status = "unknown";
      throw e;
    } finally {
      metrics.delivered(channel, status);
    }
  }

  @Override
  public Reconciliation reconcile(OutboundMessage message, Instant startedAt) {
    return sender.reconcile(message, startedAt);
  }
}
