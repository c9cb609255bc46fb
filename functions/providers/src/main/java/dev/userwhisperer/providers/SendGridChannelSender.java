package dev.userwhisperer.providers;

import com.sendgrid.Method;
import com.sendgrid.Request;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import com.sendgrid.helpers.mail.Mail;
import com.sendgrid.helpers.mail.objects.Content;
import com.sendgrid.helpers.mail.objects.Email;
import com.sendgrid.helpers.mail.objects.Personalization;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ChannelSender;
import java.io.IOException;
import java.time.Clock;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * E-mail through SendGrid's v3 Mail Send API. Our message id and app travel in {@code custom_args}
 * ({@value #OUTBOUND_ID_ARG}, {@value #APP_ID_ARG}), so the Event Webhook names the message. The
 * text and HTML parts and the headers are the message's as compose wrote them (on marketing mail
 * {@code List-Unsubscribe} with its signed link and {@code List-Unsubscribe-Post} for RFC 8058
 * one-click unsubscribe). The provider id is SendGrid's {@code X-Message-Id}.
 */
final class SendGridChannelSender implements ChannelSender {
  static final String OUTBOUND_ID_ARG = "whisperer_outbound_id";
  static final String APP_ID_ARG = "whisperer_app_id";
  private static final String PROVIDER = "sendgrid";

  private final SendGrid client;
  private final Email from;
  private final Clock clock;

  SendGridChannelSender(SendGrid client, String fromAddress, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.from = new Email(Objects.requireNonNull(fromAddress, "fromAddress"));
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

  private Mail mail(OutboundMessage message) {
    Mail mail = new Mail();
    mail.setFrom(from);
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
