package dev.userwhisperer.local;

import dev.userwhisperer.core.LinkTokens;
import dev.userwhisperer.core.feedback.PreferencePage;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator;
import dev.userwhisperer.core.ingest.EventRateLimiter;
import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.EventBus;
import dev.userwhisperer.core.port.PersonalDataStore;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.SentMessages;
import dev.userwhisperer.core.privacy.UserDataApi;
import dev.userwhisperer.core.privacy.UserErasure;
import dev.userwhisperer.local.store.OutboxChannelSender;
import dev.userwhisperer.local.time.SimulatedClock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Erasure over every {@link PersonalDataStore} of the backend (the stores, the outbox and ledger,
 * the warehouse), and the preference page of the messages' links.
 */
@Configuration(proxyBeanMethods = false)
class PrivacyConfiguration {

  @Bean
  UserErasure userErasure(
      ProfileStore profiles,
      DecisionLog decisions,
      ConsentTrail trail,
      List<PersonalDataStore> stores,
      SimulatedClock clock) {
    return new UserErasure(profiles, decisions, trail, stores, clock);
  }

  /** The user endpoints; the messages of an export are the user's outbox entries. */
  @Bean
  UserDataApi userDataApi(
      ApiKeyAuthenticator authenticator,
      ProfileStore profiles,
      DecisionLog decisions,
      ConsentTrail trail,
      OutboxChannelSender outbox,
      UserErasure erasure) {
    return new UserDataApi(authenticator, profiles, decisions, trail, outbox::listForUser, erasure);
  }

  /** Shares the links' limit: each client address 5 pages a second after a burst of 50. */
  @Bean
  PreferencePage preferencePage(
      LinkTokens tokens,
      SentMessages sent,
      ProfileStore profiles,
      EventBus bus,
      SimulatedClock clock) {
    return new PreferencePage(
        tokens, sent, profiles, bus, new EventRateLimiter(5, 50, System::nanoTime), clock);
  }
}
