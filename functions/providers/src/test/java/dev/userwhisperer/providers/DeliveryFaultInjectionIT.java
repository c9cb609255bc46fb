package dev.userwhisperer.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.userwhisperer.core.deliver.Deliverer;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.SendRecord;
import dev.userwhisperer.core.port.SendState;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.core.testing.InMemoryDeliveryLedger;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.OutboundMessages;
import dev.userwhisperer.core.testing.RecordingChannelSender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SendGrid's stub fails for a while (500s, 429s, and answers that come after our timeout, so that
 * the mail was accepted but we do not know it), then recovers. The bus redelivers whatever the
 * deliver stage threw, SendGrid's Event Webhook reports what it processed, and in the end every
 * message was accepted by SendGrid exactly once.
 */
class DeliveryFaultInjectionIT {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private static final int MESSAGES = 12;
  private static final int MAX_BUS_ATTEMPTS = 10;
  private static final Duration BUS_BACKOFF = Duration.ofMillis(100);

  private final WireMockServer stub = new WireMockServer(options().dynamicPort());
  private final MutableClock clock = new MutableClock(T);
  private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
  private final InMemoryWarehouse warehouse = new InMemoryWarehouse();

  @AfterEach
  void stop() {
    stub.stop();
  }

  /** The stub's answers in order; after the last one it accepts everything. */
  private void scriptOutage(List<ResponseDefinitionBuilder> answers) {
    String state = Scenario.STARTED;
    for (int i = 0; i < answers.size(); i++) {
      String next = "after-" + i;
      stub.stubFor(
          post("/v3/mail/send")
              .inScenario("outage")
              .whenScenarioStateIs(state)
              .willReturn(answers.get(i))
              .willSetStateTo(next));
      state = next;
    }
    stub.stubFor(
        post("/v3/mail/send")
            .inScenario("outage")
            .whenScenarioStateIs(state)
            .willReturn(accepted()));
  }

  private static ResponseDefinitionBuilder accepted() {
    return aResponse().withStatus(202).withHeader("X-Message-Id", "sg-" + System.nanoTime());
  }

  private static ResponseDefinitionBuilder serverError() {
    return aResponse()
        .withStatus(500)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"errors\":[{\"field\":null,\"message\":\"internal error\"}]}");
  }

  private static ResponseDefinitionBuilder tooMany() {
    return aResponse().withStatus(429).withHeader("Retry-After", "0");
  }

  /** Accepted, but the answer comes after the sender gave up waiting. */
  private static ResponseDefinitionBuilder acceptedTooLate() {
    return accepted().withFixedDelay((int) Settings.TIMEOUT.toMillis() + 700);
  }

  @Test
  void afterAnOutageOfErrorsAndTimeoutsEveryMessageIsAcceptedExactlyOnce() throws Exception {
    stub.start();
    scriptOutage(
        List.of(
            serverError(),
            serverError(),
            acceptedTooLate(),
            tooMany(),
            serverError(),
            acceptedTooLate(),
            serverError(),
            serverError(),
            serverError(),
            acceptedTooLate(),
            serverError()));
    var sender =
        ProviderSenders.build(
            new DeliverySettings(
                "*:email=sendgrid",
                Settings.TIMEOUT,
                Duration.ofMillis(200),
                Duration.ofMinutes(30),
                new DeliverySettings.Limits(
                    1000, 1000, 2, Duration.ofMillis(5), Duration.ofSeconds(2)),
                new DeliverySettings.SendGrid(
                    "hello@whisperer.test", "SENDGRID_API_KEY", stub.baseUrl()),
                null,
                null,
                null),
            new EnvironmentSecrets(Map.of("SENDGRID_API_KEY", "SG.test"), null),
            new ProviderSenders.Collaborators(
                new RecordingChannelSender(clock), "https://w.test", m -> {}, m -> {}, null),
            clock);
    Deliverer deliver = new Deliverer(sender, ledger, warehouse, clock, Duration.ofMinutes(2));
    Map<String, OutboundMessage> pending = new LinkedHashMap<>();
    for (int i = 0; i < MESSAGES; i++) {
      OutboundMessage m = OutboundMessages.email("m-" + i, "user" + i + "@example.com");
      pending.put(m.outboundId(), m);
    }
    Map<String, Integer> busAttempts = new HashMap<>();

    while (!pending.isEmpty()) {
      for (OutboundMessage m : List.copyOf(pending.values())) {
        int attempt = busAttempts.merge(m.outboundId(), 1, Integer::sum);
        assertThat(attempt)
            .as("bus attempts of %s", m.outboundId())
            .isLessThanOrEqualTo(MAX_BUS_ATTEMPTS);
        try {
          deliver.accept(m);
          pending.remove(m.outboundId());
        } catch (TransientFailure redelivered) {
          // stays on the bus
        }
      }
      clock.advance(Duration.ofSeconds(30));
      eventWebhookReportsWhatSendGridProcessed();
      busBackoff();
    }

    Map<String, Long> acceptedPerMessage = new HashMap<>();
    for (ServeEvent e : stub.getAllServeEvents()) {
      if (e.getResponseDefinition().getStatus() == 202) {
        acceptedPerMessage.merge(messageIdOf(e), 1L, Long::sum);
      }
    }
    assertThat(acceptedPerMessage)
        .hasSize(MESSAGES)
        .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
    for (int i = 0; i < MESSAGES; i++) {
      assertThat(ledger.find("m-" + i))
          .get()
          .extracting(SendRecord::state)
          .isEqualTo(SendState.SENT);
    }
    assertThat(stub.getAllServeEvents()).hasSizeGreaterThan(MESSAGES);
  }

  /** The bus waits before redelivering; the breaker's open time is real time. */
  private static void busBackoff() throws InterruptedException {
    Thread.sleep(BUS_BACKOFF.toMillis());
  }

  /**
   * SendGrid posts a {@code processed} event, with our custom_args, for every mail it accepted;
   * here it confirms the send in the ledger, as the webhook endpoint does.
   */
  private void eventWebhookReportsWhatSendGridProcessed() {
    List<String> processed = new ArrayList<>();
    for (ServeEvent e : stub.getAllServeEvents()) {
      if (e.getResponseDefinition().getStatus() == 202) {
        processed.add(messageIdOf(e));
      }
    }
    processed.forEach(id -> ledger.confirm(id, "app1", "sg-webhook", clock.instant()));
  }

  private static String messageIdOf(ServeEvent e) {
    return Json.tree(e.getRequest().getBodyAsString().getBytes(StandardCharsets.UTF_8))
        .path("custom_args")
        .path("whisperer_outbound_id")
        .asString();
  }
}
