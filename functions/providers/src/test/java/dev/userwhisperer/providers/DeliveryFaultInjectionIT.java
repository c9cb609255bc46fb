package dev.userwhisperer.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
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
 * message was accepted by SendGrid exactly once; or, without the webhook, the Email Activity API
 * tells what became of each send that timed out.
 */
class DeliveryFaultInjectionIT {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private static final int MESSAGES = 12;
  private static final int MAX_BUS_ATTEMPTS = 10;
  private static final Duration BUS_BACKOFF = Duration.ofMillis(100);
  private static final String ACTIVITY = "/v3/messages";

  /** Short, so that a timeout SendGrid never lists is resent within the bus's attempts. */
  private static final Duration ABSENT_AFTER = Duration.ofSeconds(90);

  private final WireMockServer stub = new WireMockServer(options().dynamicPort());
  private final MutableClock clock = new MutableClock(T);
  private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
  private final InMemoryWarehouse warehouse = new InMemoryWarehouse();

  @AfterEach
  void stop() {
    stub.stop();
  }

  /**
   * Starts the stub and sends one mail through it, so that neither side's first call (class
   * loading, the stub's warm-up) outlasts the timeout: a cold first call would time out on a 500,
   * which no webhook ever reports, and is what the Email Activity test is about.
   */
  private void startWarm() {
    stub.start();
    stub.stubFor(post("/v3/mail/send").willReturn(accepted()));
    ProviderSenders.sendGrid(
            Settings.sendGrid(stub.baseUrl()),
            new EnvironmentSecrets(Map.of("SENDGRID_API_KEY", "SG.test"), null),
            AppSenders.none(),
            clock)
        .send(OutboundMessages.email("warm-up", "nobody@example.com"));
    stub.resetAll();
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

  /** Failed, but the answer comes after the sender gave up waiting: we cannot tell. */
  private static ResponseDefinitionBuilder failedTooLate() {
    return serverError().withFixedDelay((int) Settings.TIMEOUT.toMillis() + 700);
  }

  /** Accepted, but the answer comes after the sender gave up waiting. */
  private static ResponseDefinitionBuilder acceptedTooLate() {
    return accepted().withFixedDelay((int) Settings.TIMEOUT.toMillis() + 700);
  }

  @Test
  void afterAnOutageOfErrorsAndTimeoutsEveryMessageIsAcceptedExactlyOnce() throws Exception {
    startWarm();
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

    deliverAllThroughTheBus(this::eventWebhookReportsWhatSendGridProcessed);

    assertEveryMessageAcceptedExactlyOnce();
  }

  /**
   * No Event Webhook this time: the deliver stage asks the Email Activity API about each timeout.
   * Some timeouts were accepted (listed at once), one was a failure we never heard (a 500 after our
   * timeout: never listed, so sent again once {@code absent-after} has passed).
   */
  @Test
  void withoutTheWebhookTheEmailActivityApiReconcilesEveryTimeoutAndEachMessageIsAcceptedOnce()
      throws Exception {
    startWarm();
    scriptOutage(
        List.of(
            serverError(),
            acceptedTooLate(),
            tooMany(),
            failedTooLate(),
            serverError(),
            acceptedTooLate(),
            serverError(),
            failedTooLate(),
            acceptedTooLate(),
            serverError()));
    stub.stubFor(
        get(urlPathEqualTo(ACTIVITY)).atPriority(10).willReturn(okJson("{\"messages\":[]}")));

    deliverAllThroughTheBus(this::emailActivityListsWhatSendGridProcessed);

    assertEveryMessageAcceptedExactlyOnce();
    assertThat(stub.findAll(getRequestedFor(urlPathEqualTo(ACTIVITY)))).isNotEmpty();
  }

  /** The bus: redelivers what the stage threw, 30 s later, until every message is through. */
  private void deliverAllThroughTheBus(Runnable betweenRounds) throws InterruptedException {
    var sender =
        ProviderSenders.build(
            new DeliverySettings(
                "*:email=sendgrid",
                Settings.TIMEOUT,
                Duration.ofMillis(200),
                ABSENT_AFTER,
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
      betweenRounds.run();
      busBackoff();
    }
  }

  private void assertEveryMessageAcceptedExactlyOnce() {
    assertThat(acceptedIds())
        .hasSize(MESSAGES)
        .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
    for (int i = 0; i < MESSAGES; i++) {
      assertThat(ledger.find("m-" + i))
          .get()
          .extracting(SendRecord::state)
          .isEqualTo(SendState.SENT);
    }
    assertThat(stub.findAll(postRequestedFor(urlPathEqualTo("/v3/mail/send"))))
        .hasSizeGreaterThan(MESSAGES);
  }

  /** How often SendGrid accepted each message (answered 202, whether or not we heard it). */
  private Map<String, Long> acceptedIds() {
    Map<String, Long> acceptedPerMessage = new HashMap<>();
    for (ServeEvent e : stub.getAllServeEvents()) {
      if (isAcceptedSend(e)) {
        acceptedPerMessage.merge(messageIdOf(e), 1L, Long::sum);
      }
    }
    return acceptedPerMessage;
  }

  private static boolean isAcceptedSend(ServeEvent e) {
    return e.getRequest().getUrl().equals("/v3/mail/send")
        && e.getResponseDefinition().getStatus() == 202;
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
    List<String> processed = new ArrayList<>(acceptedIds().keySet());
    processed.forEach(id -> ledger.confirm(id, "app1", "sg-webhook", clock.instant()));
  }

  /** The Email Activity API lists each mail SendGrid accepted, found by our custom_args id. */
  private void emailActivityListsWhatSendGridProcessed() {
    for (String id : acceptedIds().keySet()) {
      stub.stubFor(
          get(urlPathEqualTo(ACTIVITY))
              .atPriority(1)
              .withQueryParam(
                  "query", equalTo("unique_args['whisperer_outbound_id']=\"" + id + "\""))
              .willReturn(
                  okJson(
                      """
                      {"messages":[{"from_email":"hello@whisperer.test","msg_id":"sg-%s.filter0001.0",
                        "subject":"Welcome aboard","to_email":"someone@example.com",
                        "status":"processed","opens_count":0,"clicks_count":0,
                        "last_event_time":"2026-01-05T12:00:05Z"}]}"""
                          .formatted(id))));
    }
  }

  private static String messageIdOf(ServeEvent e) {
    return Json.tree(e.getRequest().getBodyAsString().getBytes(StandardCharsets.UTF_8))
        .path("custom_args")
        .path("whisperer_outbound_id")
        .asString();
  }
}
