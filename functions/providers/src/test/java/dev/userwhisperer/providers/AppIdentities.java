package dev.userwhisperer.providers;

import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.Provenance;
import dev.userwhisperer.core.testing.AppConfigs;
import dev.userwhisperer.core.testing.InMemoryAppConfigStore;
import java.time.Instant;

/**
 * The demo app configuration's sender identities (Tempo, hello@tempo.example.com, reply-to
 * support@tempo.example.com, SMS sender "Tempo") stored as version 1 of each app, for senders'
 * tests.
 */
final class AppIdentities {
  private AppIdentities() {}

  static AppSenders demo(String... appIds) {
    InMemoryAppConfigStore store = new InMemoryAppConfigStore();
    for (String appId : appIds) {
      store.save(appId, AppConfigs.demo(), Instant.parse("2026-01-01T00:00:00Z"));
    }
    return new AppSenders(store);
  }

  /** {@code message} as compose writes it from the app's configuration version {@code version}. */
  static OutboundMessage writtenFrom(OutboundMessage m, long version) {
    return new OutboundMessage(
        m.version(),
        m.outboundId(),
        m.decisionId(),
        m.appId(),
        m.userId(),
        m.channel(),
        m.to(),
        m.locale(),
        m.intervention(),
        m.variant(),
        m.subject(),
        m.body(),
        m.createdAt(),
        m.html(),
        m.title(),
        m.headers(),
        Provenance.template(version));
  }
}
