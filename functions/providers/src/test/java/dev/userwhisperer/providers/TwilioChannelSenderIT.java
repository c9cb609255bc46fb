package dev.userwhisperer.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.OutcomeUnknown;
import dev.userwhisperer.core.port.ProviderUnavailable;
import dev.userwhisperer.core.port.Reconciliation;
import dev.userwhisperer.core.port.SendRejected;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.OutboundMessages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TwilioChannelSenderIT {
  static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  static final String MESSAGES = "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json";
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");

  /** A Message resource as Twilio answers 201 Created. */
  static final String CREATED =
      """
      {"account_sid":"AC0123456789abcdef0123456789abcdef","api_version":"2010-04-01",
       "body":"Glad you are here. Reply STOP to opt out.","date_created":"Mon, 05 Jan 2026 12:00:00 +0000",
       "date_sent":null,"date_updated":"Mon, 05 Jan 2026 12:00:00 +0000","direction":"outbound-api",
       "error_code":null,"error_message":null,"from":null,
       "messaging_service_sid":"MG0123456789abcdef0123456789abcdef","num_media":"0","num_segments":"1",
       "price":null,"price_unit":null,"sid":"SM0123456789abcdef0123456789abcdef","status":"accepted",
       "subresource_uris":{"media":"/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/SM0123456789abcdef0123456789abcdef/Media.json"},
       "to":"+15558675310","uri":"/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/SM0123456789abcdef0123456789abcdef.json"}""";

  private final WireMockServer stub = new WireMockServer(options().dynamicPort());
  private final MutableClock clock = new MutableClock(T);
  private final EnvironmentSecrets secrets =
      new EnvironmentSecrets(Map.of("TWILIO_AUTH_TOKEN", "twilio-auth-token"), null);
  private final OutboundMessage message = OutboundMessages.sms("m-7", "+15558675310");

  @BeforeEach
  void start() {
    stub.start();
  }

  @AfterEach
  void stop() {
    stub.stop();
  }

  private TwilioChannelSender sender(String from) {
    return sender(from, AppSenders.none());
  }

  private TwilioChannelSender sender(String from, AppSenders identities) {
    return ProviderSenders.twilio(
        Settings.twilio(stub.baseUrl(), from), secrets, "https://w.test/", identities, clock);
  }

  /** A page of Message resources to one number, newest first, as Twilio lists them. */
  private static String page(String... messages) {
    String uri = "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json?To=%2B15558675310&PageSize=50";
    return """
        {"end":%d,"first_page_uri":"%s&Page=0","next_page_uri":null,"page":0,"page_size":50,
         "previous_page_uri":null,"start":0,"uri":"%s&Page=0","messages":[%s]}"""
        .formatted(Math.max(0, messages.length - 1), uri, uri, String.join(",", messages));
  }

  private static String resource(String sid, String body, String created) {
    return CREATED
        .replace("SM0123456789abcdef0123456789abcdef", sid)
        .replace("Glad you are here. Reply STOP to opt out.", body)
        .replace(
            "\"date_created\":\"Mon, 05 Jan 2026 12:00:00 +0000\"",
            "\"date_created\":\"" + created + "\"")
        .replace("\"status\":\"accepted\"", "\"status\":\"delivered\"");
  }

  @Test
  void anAppsConfiguredSenderGoesAsFromNextToTheMessagingService() {
    stub.stubFor(
        post(MESSAGES)
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(CREATED)));

    sender("MG0123456789abcdef0123456789abcdef", AppIdentities.demo("app1"))
        .send(AppIdentities.writtenFrom(message, 1));

    stub.verify(
        postRequestedFor(urlEqualTo(MESSAGES))
            .withRequestBody(containing("MessagingServiceSid=MG0123456789abcdef0123456789abcdef"))
            .withRequestBody(containing("From=Tempo")));
  }

  @Test
  void aTimedOutSendFoundAmongTheRecipientsMessagesSinceItStartedWasAccepted() {
    stub.stubFor(
        get(urlPathEqualTo(MESSAGES))
            .withQueryParam("To", equalTo("+15558675310"))
            .willReturn(
                okJson(
                    page(
                        resource(
                            "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                            "Your code is 1234",
                            "Mon, 05 Jan 2026 12:00:03 +0000"),
                        resource(
                            "SMbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
                            message.body(),
                            "Mon, 05 Jan 2026 12:00:01 +0000"),
                        resource(
                            "SMcccccccccccccccccccccccccccccccc",
                            message.body(),
                            "Sun, 04 Jan 2026 12:00:00 +0000")))));

    Reconciliation answer = sender("MG0123456789abcdef0123456789abcdef").reconcile(message, T);

    assertThat(answer).isEqualTo(Reconciliation.accepted("SMbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"));
  }

  @Test
  void aSendTwilioHasNoResourceForIsUnknownUntilAbsentLongEnoughThenNotAccepted() {
    stub.stubFor(
        get(urlPathEqualTo(MESSAGES))
            .willReturn(
                okJson(
                    page(
                        resource(
                            "SMcccccccccccccccccccccccccccccccc",
                            message.body(),
                            "Sun, 04 Jan 2026 12:00:00 +0000")))));
    TwilioChannelSender sender = sender("MG0123456789abcdef0123456789abcdef");

    assertThat(sender.reconcile(message, T)).isEqualTo(Reconciliation.UNKNOWN);
    clock.advance(Settings.ABSENT_AFTER.plusMinutes(1));
    assertThat(sender.reconcile(message, T)).isEqualTo(Reconciliation.NOT_ACCEPTED);
  }

  @Test
  void aFailingListLeavesTheOutcomeUnknown() {
    stub.stubFor(get(urlPathEqualTo(MESSAGES)).willReturn(aResponse().withStatus(503)));
    clock.advance(Duration.ofHours(2));

    assertThat(sender("MG0123456789abcdef0123456789abcdef").reconcile(message, T))
        .isEqualTo(Reconciliation.UNKNOWN);
  }

  @Test
  void sendsFromTheMessagingServiceWithAStatusCallbackNamingOurMessage() {
    stub.stubFor(
        post(MESSAGES)
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(CREATED)));

    Delivery delivery = sender("MG0123456789abcdef0123456789abcdef").send(message);

    assertThat(delivery.providerId()).isEqualTo("SM0123456789abcdef0123456789abcdef");
    assertThat(delivery.status()).isEqualTo("sent");
    String basic =
        Base64.getEncoder()
            .encodeToString((ACCOUNT + ":twilio-auth-token").getBytes(StandardCharsets.UTF_8));
    stub.verify(
        postRequestedFor(urlEqualTo(MESSAGES))
            .withHeader("Authorization", equalTo("Basic " + basic))
            .withRequestBody(containing("To=%2B15558675310"))
            .withRequestBody(containing("MessagingServiceSid=MG0123456789abcdef0123456789abcdef"))
            .withRequestBody(
                containing(
                    "StatusCallback=https%3A%2F%2Fw.test%2Fv1%2Fwebhooks%2Ftwilio%2Fstatus%3Fm%3Dm-7%26a%3Dapp1")));
  }

  @Test
  void sendsFromANumberWhenNoMessagingServiceIsConfigured() {
    stub.stubFor(
        post(MESSAGES)
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(CREATED)));

    sender("+15005550006").send(message);

    stub.verify(
        postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(containing("From=%2B15005550006")));
  }

  @Test
  void anInvalidNumberIsRefusedWithTwiliosErrorCode() {
    stub.stubFor(
        post(MESSAGES)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"code":21211,"message":"The 'To' number +1555 is not a valid phone number.",
                         "more_info":"https://www.twilio.com/docs/errors/21211","status":400}""")));

    assertThatThrownBy(() -> sender("MG0123456789abcdef0123456789abcdef").send(message))
        .isInstanceOfSatisfying(SendRejected.class, e -> assertThat(e.code()).isEqualTo("21211"));
  }

  @Test
  void tooManyRequestsHonoursRetryAfterAndTheSdkDoesNotRetryBehindOurBack() {
    stub.stubFor(
        post(MESSAGES)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "3")
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"code":20429,"message":"Too Many Requests",
                         "more_info":"https://www.twilio.com/docs/errors/20429","status":429}""")));

    assertThatThrownBy(() -> sender("MG0123456789abcdef0123456789abcdef").send(message))
        .isInstanceOfSatisfying(
            ProviderUnavailable.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(3)));
    stub.verify(1, postRequestedFor(urlEqualTo(MESSAGES)));
  }

  @Test
  void aServerErrorIsSentOnceAndReportedAsNotAccepted() {
    stub.stubFor(
        post(MESSAGES)
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"code":20503,"message":"Service Unavailable",
                         "more_info":"https://www.twilio.com/docs/errors/20503","status":503}""")));

    assertThatThrownBy(() -> sender("MG0123456789abcdef0123456789abcdef").send(message))
        .isExactlyInstanceOf(ProviderUnavailable.class);
    stub.verify(1, postRequestedFor(urlEqualTo(MESSAGES)));
  }

  @Test
  void aTimeoutLeavesTheOutcomeUnknown() {
    stub.stubFor(
        post(MESSAGES)
            .willReturn(aResponse().withStatus(201).withBody(CREATED).withFixedDelay(2_000)));

    assertThatThrownBy(() -> sender("MG0123456789abcdef0123456789abcdef").send(message))
        .isInstanceOf(OutcomeUnknown.class);
  }
}
