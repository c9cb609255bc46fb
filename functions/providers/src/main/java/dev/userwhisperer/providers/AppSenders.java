package dev.userwhisperer.providers;

import dev.userwhisperer.core.appconfig.AppConfig;
import dev.userwhisperer.core.appconfig.AppConfigRevision;
import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.message.OutboundMessage;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who a message comes from, as its app configured it ({@code senders} of the app configuration):
 * read from the configuration version the message was written from ({@code
 * provenance.configVersion}), so the sender identity is the one compose and the compliance gate saw
 * even when the app has saved a newer version since. Versions never change once stored, so each is
 * read once. A message written from the built-in configuration (version 0), or an app without a
 * sender for the channel, gets {@link AppConfig.Senders#NONE}'s empty fields: the provider sender
 * then uses the deployment's default.
 */
final class AppSenders {
  private static final AppSenders NONE = new AppSenders(null);

  private final AppConfigStore store;
  private final Map<String, AppConfig.Senders> byVersion = new ConcurrentHashMap<>();

  /**
   * @param store null for no app identities at all (every message uses the deployment default)
   */
  AppSenders(AppConfigStore store) {
    this.store = store;
  }

  static AppSenders none() {
    return NONE;
  }

  AppConfig.Senders of(OutboundMessage message) {
    long version = message.provenance().configVersion();
    if (store == null || version == 0) {
      return AppConfig.Senders.NONE;
    }
    return byVersion.computeIfAbsent(
        message.appId() + "@" + version,
        key ->
            store
                .find(message.appId(), version)
                .map(AppConfigRevision::config)
                .map(AppConfig::senders)
                .orElse(AppConfig.Senders.NONE));
  }

  Optional<AppConfig.EmailSender> email(OutboundMessage message) {
    return Optional.ofNullable(of(message).email());
  }

  Optional<String> smsFrom(OutboundMessage message) {
    return Optional.ofNullable(of(message).sms())
        .map(AppConfig.SmsSender::from)
        .filter(from -> !from.isBlank());
  }
}
