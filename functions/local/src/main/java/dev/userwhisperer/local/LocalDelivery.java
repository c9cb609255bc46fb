package dev.userwhisperer.local;

import dev.userwhisperer.core.compose.ComposeSettings;
import dev.userwhisperer.core.deliver.ForgetUnregisteredPushToken;
import dev.userwhisperer.core.port.ChannelSender;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Secrets;
import dev.userwhisperer.local.store.OutboxChannelSender;
import dev.userwhisperer.local.time.SimulatedClock;
import dev.userwhisperer.providers.DeliverySettings;
import dev.userwhisperer.providers.EnvironmentSecrets;
import dev.userwhisperer.providers.ProviderSenders;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Where the local runner's messages go: the providers that {@code whisperer.delivery.routes} name
 * for an app and channel, the local outbox for the rest (everything, by default). Credentials come
 * from the environment or from files in {@code whisperer.secrets-dir}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DeliverySettings.class)
class LocalDelivery {

  @Bean
  Secrets secrets(@Value("${whisperer.secrets-dir:}") String secretsDir) {
    return EnvironmentSecrets.system(secretsDir.isBlank() ? null : Path.of(secretsDir));
  }

  @Bean
  @Primary
  ChannelSender channelSender(
      DeliverySettings settings,
      Secrets secrets,
      OutboxChannelSender outbox,
      ProfileStore profiles,
      SimulatedClock clock,
      @Value("${whisperer.public-base-url}") String publicBaseUrl) {
    ComposeSettings links = new ComposeSettings(publicBaseUrl);
    return ProviderSenders.build(
        settings,
        secrets,
        new ProviderSenders.Collaborators(
            outbox,
            links.publicBaseUrl(),
            links::unsubscribeUrl,
            outbox::recordProviderSend,
            new ForgetUnregisteredPushToken(profiles)),
        clock);
  }
}
