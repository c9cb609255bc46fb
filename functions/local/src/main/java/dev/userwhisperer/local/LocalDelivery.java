package dev.userwhisperer.local;

import dev.userwhisperer.core.LinkTokens;
import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.deliver.ForgetUnregisteredPushToken;
import dev.userwhisperer.core.port.ChannelSender;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Secrets;
import dev.userwhisperer.local.store.OutboxChannelSender;
import dev.userwhisperer.local.time.SimulatedClock;
import dev.userwhisperer.providers.DeliverySettings;
import dev.userwhisperer.providers.EnvironmentSecrets;
import dev.userwhisperer.providers.ProviderSenders;
import dev.userwhisperer.telemetry.MeteredChannelSender;
import dev.userwhisperer.telemetry.PipelineMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
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

  /**
   * The keys of link tokens: {@code WHISPERER_LINK_KEYS} from the secrets, else a key made on the
   * first start and kept in {@code link-keys} in the data directory (readable by its owner only),
   * so that links in sent messages keep working across restarts.
   */
  @Bean
  LinkTokens linkTokens(Secrets secrets, LocalProperties properties) {
    Optional<String> configured = secrets.find(LinkTokens.SECRET);
    if (configured.isPresent()) {
      return LinkTokens.parse(configured.get());
    }
    Path file = properties.dataDir().resolve("link-keys");
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(properties.dataDir());
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.writeString(file, "local1:" + Base64.getEncoder().encodeToString(key));
        try {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
          // Windows: the data directory's own permissions apply
        }
      }
      return LinkTokens.parse(Files.readString(file).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the link key in " + file, e);
    }
  }

  @Bean
  @Primary
  ChannelSender channelSender(
      DeliverySettings settings,
      Secrets secrets,
      OutboxChannelSender outbox,
      ProfileStore profiles,
      AppConfigStore appConfigs,
      SimulatedClock clock,
      PipelineMetrics metrics,
      @Value("${whisperer.public-base-url}") String publicBaseUrl) {
    return new MeteredChannelSender(
        ProviderSenders.build(
            settings,
            secrets,
            new ProviderSenders.Collaborators(
                outbox,
                publicBaseUrl,
                outbox::recordProviderSend,
                new ForgetUnregisteredPushToken(profiles),
                appConfigs),
            clock),
        metrics);
  }
}
