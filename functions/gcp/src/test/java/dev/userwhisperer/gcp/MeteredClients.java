package dev.userwhisperer.gcp;

import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.auth.Credentials;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import io.grpc.ManagedChannelBuilder;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * For a cost count only ({@value #ENABLED}=true): the function context's Firestore and Pub/Sub
 * clients replaced by clients of the same emulators whose calls pass the meters. An
 * auto-configuration of the test classpath, inert without the property.
 */
@AutoConfiguration
@ConditionalOnProperty(MeteredClients.ENABLED)
class MeteredClients {
  static final String ENABLED = "whisperer.cost-count";

  @Bean
  static BillableOperations billableOperations() {
    return new BillableOperations();
  }

  @Bean
  static BeanPostProcessor meteredClientsPostProcessor(
      ObjectProvider<BillableOperations> operations, Environment environment) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        String project = environment.getRequiredProperty("GOOGLE_CLOUD_PROJECT");
        if (bean instanceof Firestore firestore) {
          firestore.shutdown();
          return meteredFirestore(
              project,
              environment.getRequiredProperty("FIRESTORE_EMULATOR_HOST"),
              new FirestoreMeter(operations.getObject()));
        }
        if (bean instanceof PubSubClients clients) {
          close(clients);
          return PubSubClients.emulator(
              project,
              environment.getRequiredProperty("PUBSUB_EMULATOR_HOST"),
              new PubSubMeter(operations.getObject()));
        }
        return bean;
      }
    };
  }

  /**
   * Firestore on the emulator through a channel of our own (the client's emulator setting, and no
   * credentials, would each replace it), with the emulator's owner token that the client would
   * otherwise send.
   */
  static Firestore meteredFirestore(String project, String host, FirestoreMeter meter) {
    return FirestoreOptions.newBuilder()
        .setProjectId(project)
        .setDatabaseId(FirestoreClients.DEFAULT_DATABASE)
        .setCredentials(new OwnerToken())
        .setChannelProvider(
            InstantiatingGrpcChannelProvider.newBuilder()
                .setEndpoint(host)
                .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
                .setInterceptorProvider(() -> List.of(meter))
                .build())
        .build()
        .getService();
  }

  private static void close(PubSubClients clients) {
    try {
      clients.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted closing the unmetered Pub/Sub clients", e);
    }
  }

  /** The Firestore emulator's token for a caller that bypasses security rules. */
  private static final class OwnerToken extends Credentials {
    @Override
    public String getAuthenticationType() {
      return "Bearer";
    }

    @Override
    public Map<String, List<String>> getRequestMetadata(URI uri) {
      return Map.of("Authorization", List.of("Bearer owner"));
    }

    @Override
    public boolean hasRequestMetadata() {
      return true;
    }

    @Override
    public boolean hasRequestMetadataOnly() {
      return true;
    }

    @Override
    public void refresh() {}
  }
}
