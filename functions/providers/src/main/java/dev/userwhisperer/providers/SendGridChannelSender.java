package dev.userwhisperer.providers;

import com.sendgrid.Method;
import com.sendgrid.Request;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import com.sendgrid.helpers.mail.Mail;
import com.sendgrid.helpers.mail.objects.ClickTrackingSetting;
import com.sendgrid.helpers.mail.objects.Content;
import com.sendgrid.helpers.mail.objects.Email;
import com.sendgrid.helpers.mail.objects.OpenTrackingSetting;
import com.sendgrid.helpers.mail.objects.Personalization;
import com.sendgrid.helpers.mail.objects.SubscriptionTrackingSetting;
import com.sendgrid.helpers.mail.objects.TrackingSettings;
import dev.userwhisperer.core.appconfig.AppConfig;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ChannelSender;
import dev.userwhisperer.core.port.Reconciliation;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * E-mail through SendGrid's v3 Mail Send API. Our message id and app travel in {@code custom_args}
 * ({@value #OUTBOUND_ID_ARG}, {@value #APP_ID_ARG}), so the Event Webhook names the message. The
 * text and HTML parts and the headers are the message's as compose wrote them (on marketing mail
 * {@code List-Unsubscribe} with its signed link and {@code List-Unsubscribe-Post} for RFC 8058
 * one-click unsubscribe). The provider id is SendGrid's {@code X-Message-Id}.
 *
 * <p>The sender is the app's configured e-mail identity (name, address, reply-to) for the message's
 * configuration version, else the deployment's {@code from}. SendGrid's own click, open and
 * subscription tracking are switched off: compose already wrote signed links and the pixel, and
 * SendGrid's rewriting would replace them with links we cannot verify.
 *
 * <p>A send whose outcome is unknown is looked up in the Email Activity API ({@code GET
 * /v3/messages} with {@code unique_args['whisperer_outbound_id']="…"}; a paid add-on of the
 * account, and the API key needs Email Activity access): found means accepted; not found once
 * {@code absentAfter} has passed since the send started means not accepted; anything else (not
 * found yet, no add-on, an error) stays unknown for the Event Webhook or a later attempt.
 */
final class SendGridChannelSender implements ChannelSender {
  static final String OUTBOUND_ID_ARG = "whisperer_outbound_id";
  static final String APP_ID_ARG = "whisperer_app_id";
  private static final String PROVIDER = "sendgrid";

  private final SendGrid client;
  private final String defaultFrom;
  private final AppSenders appSenders;
  private final Duration absentAfter;
  private final Clock clock;

  /**
   * @param defaultFrom the deployment's sender address, for apps without an e-mail identity
   * @param absentAfter how long after a send started its absence from the Email Activity API means
   *     SendGrid never accepted it
   */
  SendGridChannelSender(
      SendGrid client,
      String defaultFrom,
      AppSenders appSenders,
      Duration absentAfter,
      Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.defaultFrom = Objects.requireNonNull(defaultFrom, "defaultFrom");
    this.appSenders = Objects.requireNonNull(appSenders, "appSenders");
    this.absentAfter = Objects.requireNonNull(absentAfter, "absentAfter");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Delivery send(OutboundMessage message) {
    Request request = new Request();
    request.setMethod(Method.POST);
    request.setEndpoint("mail/send");
    Response response;
    try {
      request.setBody(mail(message).build());
      response = client.api(request);
    } catch (IOException e) {
      throw ProviderAnswers.ioFailure(PROVIDER, e);
    }
    int status = response.getStatusCode();
    if (status / 100 != 2) {
      throw ProviderAnswers.failure(
          PROVIDER, status, errorField(response.getBody()), header(response, "Retry-After"), clock);
    }
    return new Delivery(
        message.outboundId(),
        message.appId(),
        message.userId(),
        message.channel(),
        ProviderAnswers.SENT,
        header(response, "X-Message-Id"),
        clock.instant());
  }

  @Override
  public Reconciliation reconcile(OutboundMessage message, Instant startedAt) {
    Request request = new Request();
    request.setMethod(Method.GET);
    request.setEndpoint("messages");
    request.addQueryParam(
        "query", "unique_args['" + OUTBOUND_ID_ARG + "']=\"" + message.outboundId() + "\"");
    request.addQueryParam("limit", "10");
    Response response;
    try {
      response = client.api(request);
    } catch (IOException e) {
      return Reconciliation.UNKNOWN;
    }
    if (response.getStatusCode() != 200) {
      return Reconciliation.UNKNOWN;
    }
    // {"messages":[{"msg_id":…,"status":"delivered",…},…]}; an answer we cannot read proves nothing
    JsonNode messages;
    try {
      messages = Json.mapper().readTree(response.getBody()).path("messages");
    } catch (RuntimeException unreadable) {
      return Reconciliation.UNKNOWN;
    }
    if (!messages.isArray()) {
      return Reconciliation.UNKNOWN;
    }
    if (!messages.isEmpty()) {
      return Reconciliation.accepted(messages.path(0).path("msg_id").asString(null));
    }
    return startedAt.plus(absentAfter).isBefore(clock.instant())
        ? Reconciliation.NOT_ACCEPTED
        : Reconciliation.UNKNOWN;
  }

  private Mail mail(OutboundMessage message) {
    Mail mail = new Mail();
    Optional<AppConfig.EmailSender> identity = appSenders.email(message);
    mail.setFrom(
        identity
            .map(i -> new Email(i.fromAddress(), i.fromName()))
            .orElseGet(() -> new Email(defaultFrom)));
    identity
        .map(AppConfig.EmailSender::replyTo)
        .filter(r -> !r.isBlank())
        .ifPresent(r -> mail.setReplyTo(new Email(r)));
    mail.setTrackingSettings(ownLinksOnly());
    mail.setSubject(message.subject() == null ? "" : message.subject());
    Personalization to = new Personalization();
    to.addTo(new Email(message.to()));
    mail.addPersonalization(to);
    mail.addContent(new Content("text/plain", message.body()));
    if (message.html() != null) {
      mail.addContent(new Content("text/html", message.html()));
    }
    mail.addCustomArg(OUTBOUND_ID_ARG, message.outboundId());
    mail.addCustomArg(APP_ID_ARG, message.appId());
    message.headers().forEach(mail::addHeader);
    return mail;
  }

  /** Compose wrote signed links and the open pixel; SendGrid must not rewrite or add its own. */
  private static TrackingSettings ownLinksOnly() {
    ClickTrackingSetting click = new ClickTrackingSetting();
    click.setEnable(false);
    click.setEnableText(false);
    OpenTrackingSetting open = new OpenTrackingSetting();
    open.setEnable(false);
    SubscriptionTrackingSetting subscription = new SubscriptionTrackingSetting();
    subscription.setEnable(false);
    TrackingSettings tracking = new TrackingSettings();
    tracking.setClickTrackingSetting(click);
    tracking.setOpenTrackingSetting(open);
    tracking.setSubscriptionTrackingSetting(subscription);
    return tracking;
  }

  private static String header(Response response, String name) {
    return response.getHeaders().entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(java.util.Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  /** SendGrid's error body: {@code {"errors":[{"message":…,"field":…,"help":…}]}}. */
  private static String errorField(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode first = Json.mapper().readTree(body).path("errors").path(0);
      String field = first.path("field").asString(null);
      return field == null || field.isBlank() ? null : field;
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}
