package dev.userwhisperer.gcp;

import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.TopicName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The running Pub/Sub emulator, with the admin calls tests need to set up topics and read them.
 * Each {@link #clients()} has a project of its own, so tests can use the real topic names.
 */
public record PubSubEmulator(String hostPort) {
  private static final AtomicInteger PROJECTS = new AtomicInteger();

  public PubSubClients clients() {
    return PubSubClients.emulator("whisperer-test-" + PROJECTS.incrementAndGet(), hostPort);
  }

  void createTopic(PubSubClients clients, String topic) {
    try (TopicAdminClient admin = TopicAdminClient.create(clients.topicAdminSettings())) {
      admin.createTopic(TopicName.of(clients.projectId(), topic));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An ordered pull subscription of {@code topic}. */
  void createOrderedSubscription(PubSubClients clients, String topic, String subscription) {
    try (SubscriptionAdminClient admin =
        SubscriptionAdminClient.create(clients.subscriptionAdminSettings())) {
      admin.createSubscription(
          Subscription.newBuilder()
              .setName(ProjectSubscriptionName.format(clients.projectId(), subscription))
              .setTopic(TopicName.format(clients.projectId(), topic))
              .setEnableMessageOrdering(true)
              .setAckDeadlineSeconds(60)
              .build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A push subscription of {@code topic} that POSTs each message to {@code endpoint}. */
  void createPushSubscription(
      PubSubClients clients, String topic, String subscription, String endpoint) {
    try (SubscriptionAdminClient admin =
        SubscriptionAdminClient.create(clients.subscriptionAdminSettings())) {
      admin.createSubscription(
          Subscription.newBuilder()
              .setName(ProjectSubscriptionName.format(clients.projectId(), subscription))
              .setTopic(TopicName.format(clients.projectId(), topic))
              .setPushConfig(PushConfig.newBuilder().setPushEndpoint(endpoint))
              .setEnableMessageOrdering(true)
              .build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Pulls and acknowledges until {@code count} messages arrived, in the order received. */
  List<PubsubMessage> pull(PubSubClients clients, String subscription, int count) {
    String name = ProjectSubscriptionName.format(clients.projectId(), subscription);
    List<PubsubMessage> received = new ArrayList<>();
    try (SubscriptionAdminClient admin =
        SubscriptionAdminClient.create(clients.subscriptionAdminSettings())) {
      for (int attempt = 0; received.size() < count && attempt < 200; attempt++) {
        List<ReceivedMessage> batch =
            admin.pull(name, Math.min(1000, count - received.size())).getReceivedMessagesList();
        if (!batch.isEmpty()) {
          batch.forEach(m -> received.add(m.getMessage()));
          admin.acknowledge(name, batch.stream().map(ReceivedMessage::getAckId).toList());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return received;
  }
}
