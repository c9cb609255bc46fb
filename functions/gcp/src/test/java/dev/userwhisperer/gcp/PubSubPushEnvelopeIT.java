package dev.userwhisperer.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.message.Topics;
import dev.userwhisperer.gcp.PubSubCloudEvents.PubSubDelivery;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What {@link PubSubEventBus} publishes comes back out of {@link PubSubCloudEvents}: the emulator
 * pushes the same envelope that Eventarc puts in a messagePublished event's data. (The emulator
 * leaves {@code orderingKey} out of it; Pub/Sub sends it, and {@link PubSubCloudEventsTest} reads
 * it.)
 */
@ExtendWith(GcpEmulators.class)
class PubSubPushEnvelopeIT {
  private final PubSubEmulator emulator;
  private final WireMockServer endpoint = new WireMockServer(options().dynamicPort());

  PubSubPushEnvelopeIT(PubSubEmulator emulator) {
    this.emulator = emulator;
  }

  @AfterEach
  void stop() {
    endpoint.stop();
  }

  @Test
  void pushedEnvelopeDecodesToThePublishedMessageAndItsId() throws Exception {
    endpoint.start();
    endpoint.stubFor(post(urlPathEqualTo("/push")).willReturn(ok()));
    Signal signal =
        new Signal(
            Signal.VERSION,
            "sig-7",
            "app-1",
            "user-1",
            SignalType.PAYMENT_FAILED,
            Instant.parse("2026-11-26T10:00:00Z"),
            Map.of("plan", "pro"));

    try (PubSubClients clients = emulator.clients();
        PubSubEventBus bus = new PubSubEventBus(clients, PubSubEventBus.Ordering.ORDERED)) {
      emulator.createTopic(clients, Topics.SIGNALS);
      emulator.createPushSubscription(
          clients, Topics.SIGNALS, "decide", endpoint.baseUrl() + "/push");
      bus.publish(List.of(signal));

      LoggedRequest pushed = awaitPush();
      PubSubDelivery delivery =
          PubSubCloudEvents.decode(
              CloudEventBuilder.v1()
                  .withId("evt-1")
                  .withSource(URI.create("//pubsub.googleapis.com/projects/p/topics/signals"))
                  .withType(PubSubCloudEvents.MESSAGE_PUBLISHED)
                  .withDataContentType("application/json")
                  .withData(pushed.getBody())
                  .build());

      assertThat(delivery.decode(Signal.class)).isEqualTo(signal);
      assertThat(delivery.attributes()).containsEntry(PubSubEventBus.ID_ATTRIBUTE, "sig-7");
      assertThat(delivery.messageId()).isNotBlank();
      assertThat(delivery.publishTime()).isNotNull();
      assertThat(delivery.subscription()).endsWith("/subscriptions/decide");
    }
  }

  private LoggedRequest awaitPush() throws InterruptedException {
    for (int attempt = 0; attempt < 300; attempt++) {
      List<LoggedRequest> requests = endpoint.findAll(postRequestedFor(urlPathEqualTo("/push")));
      if (!requests.isEmpty()) {
        return requests.get(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the emulator pushed nothing within 30 s");
  }
}
