package dev.userwhisperer.gcp;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.TopicName;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Decides where the Pub/Sub clients connect: Google Cloud with the default credentials, or the
 * local emulator when an emulator host is configured. The client library (1.148.0) ignores {@code
 * PUBSUB_EMULATOR_HOST}, so the emulator is reached through one plaintext channel without
 * credentials, shared by every client made here and closed with this object.
 */
public final class PubSubClients implements AutoCloseable {
  private final String projectId;
  private final ManagedChannel emulatorChannel;

  private PubSubClients(String projectId, ManagedChannel emulatorChannel) {
    this.projectId = Objects.requireNonNull(projectId, "projectId");
    this.emulatorChannel = emulatorChannel;
  }

  /** Clients of the Pub/Sub service of {@code projectId}, with Application Default Credentials. */
  public static PubSubClients googleCloud(String projectId) {
    return new PubSubClients(projectId, null);
  }

  /**
   * Clients of the emulator listening on {@code hostPort}, e.g. {@code 127.0.0.1:8085}, whose every
   * call passes {@code interceptors} (the cost count's meters).
   */
  public static PubSubClients emulator(
      String projectId, String hostPort, ClientInterceptor... interceptors) {
    return new PubSubClients(
        projectId,
        ManagedChannelBuilder.forTarget(hostPort).usePlaintext().intercept(interceptors).build());
  }

  /** The emulator when {@code emulatorHost} is set (not blank), Google Cloud otherwise. */
  public static PubSubClients of(String projectId, String emulatorHost) {
    return emulatorHost == null || emulatorHost.isBlank()
        ? googleCloud(projectId)
        : emulator(projectId, emulatorHost);
  }

  public String projectId() {
    return projectId;
  }

  boolean onEmulator() {
    return emulatorChannel != null;
  }

  /** A publisher of {@code topic} in this project, connected as configured. */
  public Publisher.Builder publisher(String topic) {
    Publisher.Builder builder = Publisher.newBuilder(TopicName.of(projectId, topic));
    if (onEmulator()) {
      builder
          .setChannelProvider(channelProvider())
          .setCredentialsProvider(NoCredentialsProvider.create());
    }
    return builder;
  }

  public TopicAdminSettings topicAdminSettings() throws IOException {
    TopicAdminSettings.Builder builder = TopicAdminSettings.newBuilder();
    if (onEmulator()) {
      builder
          .setTransportChannelProvider(channelProvider())
          .setCredentialsProvider(noCredentials());
    }
    return builder.build();
  }

  public SubscriptionAdminSettings subscriptionAdminSettings() throws IOException {
    SubscriptionAdminSettings.Builder builder = SubscriptionAdminSettings.newBuilder();
    if (onEmulator()) {
      builder
          .setTransportChannelProvider(channelProvider())
          .setCredentialsProvider(noCredentials());
    }
    return builder.build();
  }

  /**
   * A streaming-pull subscriber of {@code subscription} in this project, connected as configured.
   */
  public Subscriber.Builder subscriber(String subscription, MessageReceiver receiver) {
    Subscriber.Builder builder =
        Subscriber.newBuilder(ProjectSubscriptionName.of(projectId, subscription), receiver);
    if (onEmulator()) {
      builder
          .setChannelProvider(channelProvider())
          .setCredentialsProvider(NoCredentialsProvider.create());
    }
    return builder;
  }

  private TransportChannelProvider channelProvider() {
    return FixedTransportChannelProvider.create(GrpcTransportChannel.create(emulatorChannel));
  }

  private static CredentialsProvider noCredentials() {
    return NoCredentialsProvider.create();
  }

  @Override
  public void close() throws InterruptedException {
    if (emulatorChannel != null) {
      emulatorChannel.shutdown();
      if (!emulatorChannel.awaitTermination(10, TimeUnit.SECONDS)) {
        emulatorChannel.shutdownNow();
      }
    }
  }
}
