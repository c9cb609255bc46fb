package dev.userwhisperer.providers;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ChannelSender;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;

/**
 * SMS through Twilio's Messages API, from a Messaging Service ({@code MG…}, which picks the sender
 * and queues to its throughput) or a sender number. The status callback URL carries our message id
 * and app ({@code ?m=…&a=…}), so that Twilio's callbacks name the message; the provider id is the
 * message SID.
 */
final class TwilioChannelSender implements ChannelSender {
  private static final String PROVIDER = "twilio";

  private final TwilioRestClient client;
  private final TwilioHttp http;
  private final String sender;
  private final String statusCallbackUrl;
  private final Clock clock;

  /**
   * @param sender a Messaging Service SID ({@code MG…}) or an E.164 sender number
   * @param statusCallbackUrl where Twilio posts status callbacks, e.g. {@code
   *     https://whisperer.example.com/v1/webhooks/twilio/status}
   */
  TwilioChannelSender(
      TwilioRestClient client,
      TwilioHttp http,
      String sender,
      String statusCallbackUrl,
      Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.http = Objects.requireNonNull(http, "http");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.statusCallbackUrl = Objects.requireNonNull(statusCallbackUrl, "statusCallbackUrl");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Delivery send(OutboundMessage message) {
    PhoneNumber to = new PhoneNumber(message.to());
    MessageCreator creator =
        sender.startsWith("MG")
            ? Message.creator(to, sender, message.body())
            : Message.creator(to, new PhoneNumber(sender), message.body());
    creator.setStatusCallback(URI.create(callback(message)));
    Message created;
    try {
      created = creator.create(client);
    } catch (ApiConnectionException e) {
      // the SDK got no response at all
      throw ProviderAnswers.ioFailure(PROVIDER, new IOException(e.getMessage(), e));
    } catch (ApiException e) {
      if (e.getStatusCode() == null) {
        // the SDK wraps the HTTP client's IOException (refused, timed out) without a status
        IOException io = e.getCause() instanceof IOException cause ? cause : new IOException(e);
        throw ProviderAnswers.ioFailure(PROVIDER, io);
      }
      throw ProviderAnswers.failure(
          PROVIDER,
          e.getStatusCode(),
          e.getCode() == null ? null : String.valueOf(e.getCode()),
          http.lastHeader("Retry-After"),
          clock);
    }
    return new Delivery(
        message.outboundId(),
        message.appId(),
        message.userId(),
        message.channel(),
        ProviderAnswers.SENT,
        created.getSid(),
        clock.instant());
  }

  private String callback(OutboundMessage message) {
    return statusCallbackUrl
        + (statusCallbackUrl.contains("?") ? "&" : "?")
        + "m="
        + URLEncoder.encode(message.outboundId(), StandardCharsets.UTF_8)
        + "&a="
        + URLEncoder.encode(message.appId(), StandardCharsets.UTF_8);
  }
}
