package dev.userwhisperer.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.SendRecord;
import dev.userwhisperer.core.port.SendState;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.testing.InMemoryDeliveryLedger;
import dev.userwhisperer.core.testing.InMemoryEventBus;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.OutboundMessages;
import dev.userwhisperer.core.testing.RecordingChannelSender;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProviderWebhooksTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private static final String AUTH_TOKEN = "twilio-auth-token";
  private static final String STATUS_URL =
      "https://w.test/v1/webhooks/twilio/status?m=m-sms&a=app1";
  private static final String INBOUND_URL = "https://w.test/v1/webhooks/twilio/inbound";

  private final MutableClock clock = new MutableClock(T);
  private final RecordingChannelSender sent = new RecordingChannelSender(clock);
  private final InMemoryEventBus bus = new InMemoryEventBus();
  private final InMemoryWarehouse warehouse = new InMemoryWarehouse();
  private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
  private final OutboundMessage email = OutboundMessages.email("m-mail", "ada@example.com");
  private final OutboundMessage sms = OutboundMessages.sms("m-sms", "+15558675310");
  private KeyPair sendGridKey;
  private ProviderWebhooks webhooks;

  @BeforeEach
  void setUp() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    sendGridKey = ec.generateKeyPair();
    sent.send(email);
    sent.send(sms);
    webhooks =
        new ProviderWebhooks(
            new ProviderWebhooks.Keys(
                new SendGridSignature(
                    Base64.getEncoder().encodeToString(sendGridKey.getPublic().getEncoded())),
                new TwilioSignature(AUTH_TOKEN)),
            new FeedbackService(sent, bus, warehouse, clock),
            ledger,
            sent,
            bus,
            warehouse,
            clock);
  }

  /** Signs as SendGrid does: ECDSA P-256 over the timestamp followed by the payload. */
  private WebhookRequest signedBySendGrid(String payload) throws Exception {
    String timestamp = "1767614400";
    Signature ecdsa = Signature.getInstance("SHA256withECDSA");
    ecdsa.initSign(sendGridKey.getPrivate());
    ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
    ecdsa.update(payload.getBytes(StandardCharsets.UTF_8));
    return new WebhookRequest(
        "https://w.test/v1/webhooks/sendgrid",
        Map.of(
            SendGridSignature.SIGNATURE_HEADER,
            Base64.getEncoder().encodeToString(ecdsa.sign()),
            SendGridSignature.TIMESTAMP_HEADER,
            timestamp),
        Map.of(),
        Map.of(),
        payload.getBytes(StandardCharsets.UTF_8));
  }

  private static String sendGridEvents(String... events) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < events.length; i++) {
      json.append(i == 0 ? "" : ",")
          .append(
              """
              {"email":"ada@example.com","timestamp":1767614400,"smtp-id":"<14c5d75ce93.dfd.64b469@ismtpd-555>",
               "event":"%s","category":["welcome"],"sg_event_id":"sg-event-%d",
               "sg_message_id":"14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0",
               "whisperer_outbound_id":"m-mail","whisperer_app_id":"app1"%s}"""
                  .formatted(
                      events[i],
                      i,
                      events[i].equals("bounce")
                          ? ",\"type\":\"bounce\",\"reason\":\"550 5.1.1 unknown\""
                          : ""));
    }
    return json.append("]").toString();
  }

  private WebhookRequest signedByTwilio(String url, Map<String, String> form) {
    Map<String, String> query = new LinkedHashMap<>();
    int q = url.indexOf('?');
    if (q >= 0) {
      for (String pair : url.substring(q + 1).split("&")) {
        String[] kv = pair.split("=", 2);
        query.put(kv[0], kv[1]);
      }
    }
    return new WebhookRequest(
        url,
        Map.of(TwilioSignature.HEADER, new TwilioSignature(AUTH_TOKEN).sign(url, form)),
        query,
        form,
        new byte[0]);
  }

  private List<String> publishedTypes() {
    return bus.published(UserEventBatch.class).stream()
        .flatMap(b -> b.events().stream())
        .map(e -> e.type())
        .toList();
  }

  @Test
  void processedConfirmsATimedOutSendAndOpenBecomesFeedbackOnceThoughSendGridRetries()
      throws Exception {
    ledger.start("m-mail", "app1", null, T);
    ledger.finish("m-mail", SendState.UNKNOWN, null, T);
    WebhookRequest request = signedBySendGrid(sendGridEvents("processed", "delivered", "open"));

    FeedbackResponse first = webhooks.sendGrid(request);
    webhooks.sendGrid(request);

    assertThat(first.status()).isEqualTo(200);
    assertThat(ledger.find("m-mail")).get().extracting(SendRecord::state).isEqualTo(SendState.SENT);
    assertThat(bus.published(UserEventBatch.class))
        .extracting(UserEventBatch::id)
        .containsOnly("fb:m-mail:open");
    assertThat(warehouse.rows(Table.DELIVERIES))
        .extracting(r -> r.get("status"))
        .containsExactlyInAnyOrder("delivered", "opened");
  }

  @Test
  void aBounceAndASpamReportSuppressTheChannel() throws Exception {
    webhooks.sendGrid(signedBySendGrid(sendGridEvents("bounce", "spamreport")));

    assertThat(publishedTypes())
        .containsExactly(EventTypes.MESSAGE_BOUNCED, EventTypes.MESSAGE_COMPLAINED);
  }

  @Test
  void aMissingOrBadSendGridSignatureIsRefusedAndChangesNothing() throws Exception {
    WebhookRequest signed = signedBySendGrid(sendGridEvents("open"));
    WebhookRequest unsigned =
        new WebhookRequest(signed.url(), Map.of(), Map.of(), Map.of(), signed.body());
    WebhookRequest tampered =
        new WebhookRequest(
            signed.url(),
            signed.headers(),
            Map.of(),
            Map.of(),
            sendGridEvents("spamreport").getBytes(StandardCharsets.UTF_8));

    assertThat(webhooks.sendGrid(unsigned).status()).isEqualTo(401);
    assertThat(webhooks.sendGrid(tampered).status()).isEqualTo(401);
    assertThat(bus.published(UserEventBatch.class)).isEmpty();
    assertThat(warehouse.rows(Table.DELIVERIES)).isEmpty();
  }

  @Test
  void twilioStatusCallbacksConfirmTheSendAndAnUnreachableNumberIsSuppressed() {
    Map<String, String> delivered =
        Map.of(
            "MessageSid", "SM0123",
            "MessageStatus", "delivered",
            "AccountSid", "AC0123",
            "To", "+15558675310");
    Map<String, String> failed =
        Map.of(
            "MessageSid", "SM0123",
            "MessageStatus", "undelivered",
            "ErrorCode", "30005",
            "To", "+15558675310");

    assertThat(webhooks.twilioStatus(signedByTwilio(STATUS_URL, delivered)).status())
        .isEqualTo(200);
    webhooks.twilioStatus(signedByTwilio(STATUS_URL, failed));

    assertThat(ledger.find("m-sms")).get().extracting(SendRecord::providerId).isEqualTo("SM0123");
    assertThat(warehouse.rows(Table.DELIVERIES))
        .extracting(r -> r.get("status"))
        .contains("delivered", "undelivered", "bounced");
    assertThat(publishedTypes()).containsExactly(EventTypes.MESSAGE_BOUNCED);
  }

  @Test
  void aTwilioCallbackSignedForAnotherUrlOrWithAlteredParametersIsRefused() {
    Map<String, String> form = Map.of("MessageSid", "SM0123", "MessageStatus", "delivered");
    WebhookRequest signed = signedByTwilio(STATUS_URL, form);
    WebhookRequest otherMessage =
        new WebhookRequest(
            STATUS_URL.replace("m-sms", "m-mail"),
            signed.headers(),
            Map.of("m", "m-mail", "a", "app1"),
            form,
            new byte[0]);
    WebhookRequest altered =
        new WebhookRequest(
            STATUS_URL,
            signed.headers(),
            signed.query(),
            Map.of("MessageSid", "SM0123", "MessageStatus", "failed"),
            new byte[0]);

    assertThat(webhooks.twilioStatus(otherMessage).status()).isEqualTo(401);
    assertThat(webhooks.twilioStatus(altered).status()).isEqualTo(401);
    assertThat(ledger.find("m-sms")).isEmpty();
    assertThat(warehouse.rows(Table.DELIVERIES)).isEmpty();
  }

  @Test
  void stopWithdrawsSmsConsentOfTheUserLastTextedOnceAndStartGivesItBack() {
    Map<String, String> stop =
        Map.of(
            "MessageSid", "SMin1", "From", "+15558675310", "To", "+15005550006", "Body", " stop ");
    Map<String, String> start =
        Map.of(
            "MessageSid", "SMin2", "From", "+15558675310", "To", "+15005550006", "Body", "START");
    Map<String, String> help =
        Map.of("MessageSid", "SMin3", "From", "+15558675310", "To", "+15005550006", "Body", "HELP");

    webhooks.twilioInbound(signedByTwilio(INBOUND_URL, stop));
    webhooks.twilioInbound(signedByTwilio(INBOUND_URL, help));
    webhooks.twilioInbound(signedByTwilio(INBOUND_URL, start));

    List<UserEventBatch> batches = bus.published(UserEventBatch.class);
    assertThat(batches)
        .extracting(UserEventBatch::id)
        .containsExactly("twilio:SMin1", "twilio:SMin2");
    assertThat(batches.get(0).userId()).isEqualTo(sms.userId());
    assertThat(batches.get(0).events().get(0).traits())
        .isEqualTo(Map.of("consent", Map.of("sms", false)));
    assertThat(batches.get(1).events().get(0).traits())
        .isEqualTo(Map.of("consent", Map.of("sms", true)));
  }

  @Test
  void withoutConfiguredKeysEveryWebhookIsRefused() throws Exception {
    ProviderWebhooks unconfigured =
        new ProviderWebhooks(
            new ProviderWebhooks.Keys(null, null),
            new FeedbackService(sent, bus, warehouse, clock),
            ledger,
            sent,
            bus,
            warehouse,
            clock);

    assertThat(unconfigured.sendGrid(signedBySendGrid(sendGridEvents("open"))).status())
        .isEqualTo(401);
    assertThat(
            unconfigured
                .twilioInbound(signedByTwilio(INBOUND_URL, Map.of("Body", "STOP")))
                .status())
        .isEqualTo(401);
  }
}
