package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.gcp.PubSubCloudEvents.MalformedPubSubEvent;
import dev.userwhisperer.gcp.PubSubCloudEvents.PubSubDelivery;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PubSubCloudEventsTest {
  private static final Signal SIGNAL =
      new Signal(
          Signal.VERSION,
          "sig-1",
          "app-1",
          "user-1",
          SignalType.SIGNED_UP,
          Instant.parse("2026-11-26T10:00:00Z"),
          Map.of("plan", "pro"));

  @Test
  void eventarcMessagePublishedEventYieldsTheMessageItsAttributesKeyAndDeliveryAttempt() {
    CloudEvent event =
        messagePublished(
            """
            {"message": {"data": "%s", "attributes": {"id": "sig-1", "googclient_deliveryattempt": "3"},
                         "messageId": "1234567890", "publishTime": "2026-11-26T10:00:01.5Z",
                         "orderingKey": "app-1/user-1"},
             "subscription": "projects/p/subscriptions/eventarc-decide"}
            """
                .formatted(Base64.getEncoder().encodeToString(Json.encode(SIGNAL))));

    PubSubDelivery delivery = PubSubCloudEvents.decode(event);

    assertThat(delivery.decode(Signal.class)).isEqualTo(SIGNAL);
    assertThat(delivery.attributes()).containsEntry("id", "sig-1");
    assertThat(delivery.orderingKey()).isEqualTo("app-1/user-1");
    assertThat(delivery.messageId()).isEqualTo("1234567890");
    assertThat(delivery.publishTime()).isEqualTo(Instant.parse("2026-11-26T10:00:01.5Z"));
    assertThat(delivery.deliveryAttempt()).isEqualTo(3);
    assertThat(delivery.subscription()).isEqualTo("projects/p/subscriptions/eventarc-decide");
  }

  @Test
  void pushEnvelopeDeliveryAttemptWinsAndAMessageWithoutKeyOrAttributesIsRead() {
    CloudEvent event =
        messagePublished(
            """
            {"message": {"data": "aGVsbG8=", "messageId": "42"}, "subscription": "s", "deliveryAttempt": 5}
            """);

    PubSubDelivery delivery = PubSubCloudEvents.decode(event);

    assertThat(new String(delivery.data(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(delivery.attributes()).isEmpty();
    assertThat(delivery.orderingKey()).isNull();
    assertThat(delivery.publishTime()).isNull();
    assertThat(delivery.deliveryAttempt()).isEqualTo(5);
  }

  @Test
  void deliveryAttemptIsZeroWhenPubSubDoesNotCount() {
    PubSubDelivery delivery =
        PubSubCloudEvents.decode(
            messagePublished("{\"message\": {\"data\": \"e30=\", \"messageId\": \"1\"}}"));

    assertThat(delivery.deliveryAttempt()).isZero();
  }

  @Test
  void eventOfAnotherTypeIsRefused() {
    CloudEvent event =
        CloudEventBuilder.v1()
            .withId("e-1")
            .withSource(URI.create("//storage.googleapis.com/projects/_/buckets/b"))
            .withType("google.cloud.storage.object.v1.finalized")
            .withData("application/json", "{}".getBytes(StandardCharsets.UTF_8))
            .build();

    assertThatThrownBy(() -> PubSubCloudEvents.decode(event))
        .isInstanceOf(MalformedPubSubEvent.class)
        .hasMessageContaining("google.cloud.storage.object.v1.finalized");
  }

  @Test
  void dataThatIsNotAnEnvelopeIsRefused() {
    assertThatThrownBy(() -> PubSubCloudEvents.decode(messagePublished("[1, 2]")))
        .isInstanceOf(MalformedPubSubEvent.class)
        .hasMessageContaining("no message");
    assertThatThrownBy(
            () ->
                PubSubCloudEvents.decode(
                    messagePublished("{\"message\": {\"data\": \"not base64!\"}}")))
        .isInstanceOf(MalformedPubSubEvent.class)
        .hasMessageContaining("base64");
  }

  @Test
  void dataOfAnotherMessageTypeIsMalformedNotAnUncheckedJacksonError() {
    PubSubDelivery delivery =
        PubSubCloudEvents.decode(
            messagePublished(
                "{\"message\": {\"data\": \"eyJ2ZXJzaW9uIjogOX0=\", \"messageId\": \"7\"}}"));

    assertThatThrownBy(() -> delivery.decode(Signal.class))
        .isInstanceOf(MalformedPubSubEvent.class)
        .hasMessageContaining("message 7 is not a Signal");
  }

  private static CloudEvent messagePublished(String data) {
    return CloudEventBuilder.v1()
        .withId("evt-1")
        .withSource(URI.create("//pubsub.googleapis.com/projects/p/topics/signals"))
        .withType(PubSubCloudEvents.MESSAGE_PUBLISHED)
        .withDataContentType("application/json")
        .withData(data.getBytes(StandardCharsets.UTF_8))
        .build();
  }
}
