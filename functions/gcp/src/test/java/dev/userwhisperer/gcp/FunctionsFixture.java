package dev.userwhisperer.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import dev.userwhisperer.core.LinkTokens;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.PipelineMessage;
import dev.userwhisperer.core.message.Topics;
import dev.userwhisperer.core.testing.TestLinkTokens;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a deployed function finds around it, for the entry point tests: the environment variables
 * Terraform sets (as system properties, which Spring reads first), the Pub/Sub topics with their
 * dead-letter topics, Firestore, and a stub of BigQuery's insertAll. Made once per test JVM, like
 * the function context it configures; a pull subscription {@code test-<topic>} reads every topic.
 */
final class FunctionsFixture {
  static final String PROJECT = "whisperer-functions";
  static final String ADMIN_TOKEN = "uwa_admin_token_of_the_function_tests";
  private static FunctionsFixture instance;

  final PubSubClients pubSub;
  final Firestore firestore;
  final WireMockServer bigQuery = new WireMockServer(options().dynamicPort());

  /** The environment variables of a deployed function, pointing at the emulators and the stub. */
  final Map<String, String> environment;

  private FunctionsFixture(PubSubEmulator pubSubEmulator, FirestoreEmulator firestoreEmulator) {
    bigQuery.start();
    bigQuery.stubFor(
        post(urlPathMatching(".*/insertAll"))
            .willReturn(okJson("{\"kind\":\"bigquery#tableDataInsertAllResponse\"}")));
    pubSub = PubSubClients.emulator(PROJECT, pubSubEmulator.hostPort());
    for (String topic : Topics.ALL) {
      for (String t : new String[] {topic, Topics.deadLetter(topic)}) {
        pubSubEmulator.createTopic(pubSub, t);
        pubSubEmulator.createOrderedSubscription(pubSub, t, subscription(t));
      }
    }
    firestore = FirestoreClients.of(PROJECT, firestoreEmulator.hostPort());
    environment =
        Map.of(
            "GOOGLE_CLOUD_PROJECT",
            PROJECT,
            "PUBSUB_EMULATOR_HOST",
            pubSubEmulator.hostPort(),
            "FIRESTORE_EMULATOR_HOST",
            firestoreEmulator.hostPort(),
            "BIGQUERY_HOST",
            bigQuery.baseUrl(),
            "WAREHOUSE_DATASET",
            "whisperer",
            LinkTokens.SECRET,
            TestLinkTokens.SETTING,
            HttpStages.ADMIN_TOKEN,
            ADMIN_TOKEN);
    environment.forEach(System::setProperty);
    Runtime.getRuntime().addShutdownHook(new Thread(bigQuery::stop, "stop-bigquery-stub"));
  }

  static synchronized FunctionsFixture start(PubSubEmulator pubSub, FirestoreEmulator firestore) {
    if (instance == null) {
      instance = new FunctionsFixture(pubSub, firestore);
    }
    return instance;
  }

  static String subscription(String topic) {
    return "test-" + topic.replace('.', '-');
  }

  /**
   * The CloudEvent Eventarc delivers for {@code message} published by {@link PubSubEventBus}: type
   * messagePublished, source the topic, data the push envelope with the message's data in base64.
   */
  static CloudEvent eventarc(PipelineMessage message, String messageId) {
    PubsubMessage published = PubSubEventBus.toPubsub(message, false);
    return eventarc(
        message.topic(),
        messageId,
        published.getData().toByteArray(),
        published.getAttributesMap(),
        published.getOrderingKey());
  }

  static CloudEvent eventarc(
      String topic,
      String messageId,
      byte[] data,
      Map<String, String> attributes,
      String orderingKey) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode envelope = json.objectNode();
    ObjectNode message = envelope.putObject("message");
    message.put("data", Base64.getEncoder().encodeToString(data));
    ObjectNode attributeNode = message.putObject("attributes");
    attributes.forEach(attributeNode::put);
    message.put("messageId", messageId);
    message.put("publishTime", "2026-11-26T10:00:00.123Z");
    message.put("orderingKey", orderingKey);
    envelope.put(
        "subscription", "projects/" + PROJECT + "/subscriptions/eventarc-europe-west1-" + topic);
    envelope.put("deliveryAttempt", 1);
    return CloudEventBuilder.v1()
        .withId(messageId)
        .withSource(URI.create("//pubsub.googleapis.com/projects/" + PROJECT + "/topics/" + topic))
        .withType(PubSubCloudEvents.MESSAGE_PUBLISHED)
        .withTime(Instant.parse("2026-11-26T10:00:00.123Z").atOffset(ZoneOffset.UTC))
        .withDataContentType("application/json")
        .withData(envelope.toString().getBytes(StandardCharsets.UTF_8))
        .build();
  }

  /**
   * Matches a pipeline message of {@code appId/userId}, read from its data: the functions publish
   * without ordering keys.
   */
  static Predicate<PubsubMessage> forKey(String appSlashUser) {
    return m -> {
      JsonNode data = Json.tree(m.getData().toByteArray());
      return appSlashUser.equals(
          data.path("appId").asString() + "/" + data.path("userId").asString());
    };
  }

  /** Pulls {@code topic} until a message matches, acknowledging every message pulled. */
  PubsubMessage awaitMessage(String topic, Predicate<PubsubMessage> matching) {
    String name = ProjectSubscriptionName.format(PROJECT, subscription(topic));
    Map<String, PubsubMessage> seen = new LinkedHashMap<>();
    try (SubscriptionAdminClient admin =
        SubscriptionAdminClient.create(pubSub.subscriptionAdminSettings())) {
      for (int attempt = 0; attempt < 100; attempt++) {
        for (ReceivedMessage received : admin.pull(name, 100).getReceivedMessagesList()) {
          admin.acknowledge(name, List.of(received.getAckId()));
          seen.put(received.getMessage().getMessageId(), received.getMessage());
          if (matching.test(received.getMessage())) {
            return received.getMessage();
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("no matching message on " + topic + " among " + seen.values());
  }
}
