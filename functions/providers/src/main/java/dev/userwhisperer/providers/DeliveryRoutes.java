package dev.userwhisperer.providers;

import dev.userwhisperer.core.message.Channel;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which provider sends which app's messages on which channel, from one setting such as {@code
 * *:email=sendgrid, *:sms=twilio, app-7:email=smtp}: {@code app:channel=provider}, where {@code *}
 * is every app without a route of its own. A channel without a route goes to the default sender
 * (the local outbox, the dry run).
 */
record DeliveryRoutes(Map<String, String> byAppAndChannel) {
  static final String ANY_APP = "*";
  static final Set<String> PROVIDERS = Set.of("sendgrid", "twilio", "fcm", "smtp");
  static final DeliveryRoutes NONE = new DeliveryRoutes(Map.of());

  DeliveryRoutes {
    byAppAndChannel = Map.copyOf(byAppAndChannel);
  }

  /**
   * @throws IllegalArgumentException naming the entry that is not {@code app:channel=provider} with
   *     a known channel and provider, or a provider that cannot send on that channel
   */
  static DeliveryRoutes parse(String setting) {
    if (setting == null || setting.isBlank()) {
      return NONE;
    }
    Map<String, String> routes = new HashMap<>();
    for (String entry : setting.split(",")) {
      String e = entry.trim();
      int colon = e.lastIndexOf(':', e.indexOf('=') < 0 ? e.length() : e.indexOf('='));
      int eq = e.indexOf('=');
      if (colon <= 0 || eq < colon + 2 || eq == e.length() - 1) {
        throw new IllegalArgumentException(
            "whisperer.delivery.routes: '"
                + e
                + "' is not app:channel=provider (e.g. *:email=sendgrid)");
      }
      String app = e.substring(0, colon);
      Channel channel;
      try {
        channel = Channel.fromWireName(e.substring(colon + 1, eq));
      } catch (IllegalArgumentException unknown) {
        throw new IllegalArgumentException(
            "whisperer.delivery.routes: '" + e + "': the channel must be email, sms or push");
      }
      String provider = e.substring(eq + 1);
      if (!PROVIDERS.contains(provider)) {
        throw new IllegalArgumentException(
            "whisperer.delivery.routes: '"
                + e
                + "': the provider must be one of "
                + new TreeSet<>(PROVIDERS));
      }
      if (!sends(provider, channel)) {
        throw new IllegalArgumentException(
            "whisperer.delivery.routes: '"
                + e
                + "': "
                + provider
                + " does not send "
                + channel.wireName());
      }
      routes.put(key(app, channel), provider);
    }
    return new DeliveryRoutes(routes);
  }

  Optional<String> providerFor(String appId, Channel channel) {
    String own = byAppAndChannel.get(key(appId, channel));
    return Optional.ofNullable(own != null ? own : byAppAndChannel.get(key(ANY_APP, channel)));
  }

  /** The providers some route names. */
  Set<String> providers() {
    return Set.copyOf(byAppAndChannel.values());
  }

  private static boolean sends(String provider, Channel channel) {
    return switch (provider) {
      case "sendgrid", "smtp" -> channel == Channel.EMAIL;
      case "twilio" -> channel == Channel.SMS;
      case "fcm" -> channel == Channel.PUSH;
      default -> false;
    };
  }

  private static String key(String app, Channel channel) {
    return app + '\u001f' + channel.wireName();
  }
}
