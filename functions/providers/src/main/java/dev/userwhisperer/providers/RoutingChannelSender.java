package dev.userwhisperer.providers;

import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ChannelSender;
import dev.userwhisperer.core.port.Reconciliation;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Sends each message through the provider its {@link DeliveryRoutes} name for the app and channel,
 * or through {@code fallback} (the local outbox, the dry run) when none is named. A message bound
 * for a provider is first handed to {@code beforeProviderSend}, which keeps it for the feedback and
 * webhooks that will name it.
 */
final class RoutingChannelSender implements ChannelSender {
  private final DeliveryRoutes routes;
  private final Map<String, ChannelSender> providers;
  private final ChannelSender fallback;
  private final Consumer<OutboundMessage> beforeProviderSend;

  RoutingChannelSender(
      DeliveryRoutes routes,
      Map<String, ChannelSender> providers,
      ChannelSender fallback,
      Consumer<OutboundMessage> beforeProviderSend) {
    this.routes = Objects.requireNonNull(routes, "routes");
    this.providers = Map.copyOf(providers);
    this.fallback = Objects.requireNonNull(fallback, "fallback");
    this.beforeProviderSend = Objects.requireNonNull(beforeProviderSend, "beforeProviderSend");
    for (String provider : routes.providers()) {
      if (!this.providers.containsKey(provider)) {
        throw new IllegalArgumentException("no sender for provider " + provider);
      }
    }
  }

  @Override
  public Delivery send(OutboundMessage message) {
    ChannelSender sender = senderOf(message);
    if (sender != fallback) {
      beforeProviderSend.accept(message);
    }
    return sender.send(message);
  }

  @Override
  public Reconciliation reconcile(OutboundMessage message, Instant startedAt) {
    return senderOf(message).reconcile(message, startedAt);
  }

  private ChannelSender senderOf(OutboundMessage message) {
    return routes
        .providerFor(message.appId(), message.channel())
        .map(providers::get)
        .orElse(fallback);
  }
}
