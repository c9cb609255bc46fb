package dev.userwhisperer.providers;

import com.twilio.base.Page;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ChannelSender;
import dev.userwhisperer.core.port.Reconciliation;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * SMS through Twilio's Messages API, from a Messaging Service ({@code MG…}, which picks the sender
 * and queues to its throughput) or a sender number. The status callback URL carries our message id
 * and app ({@code ?m=…&a=…}), so that Twilio's callbacks name the message; the provider id is the
 * message SID.
 *
 * <p>The sender is the app's configured SMS sender (a number or an alphanumeric sender id) for the
 * message's configuration version, else the deployment's; with a deployment Messaging Service the
 * app's sender goes as {@code From} next to the service, which must have it in its sender pool.
 *
 * <p>A send whose outcome is unknown is looked up among the Message resources to the recipient
 * ({@code GET /2010-04-01/Accounts/{sid}/Messages.json?To=…}, newest first; Twilio creates the
 * resource when it accepts the request): one with the same body created since the send started
 * means accepted; none once {@code absentAfter} has passed means not accepted.
 */
final class TwilioChannelSender implements ChannelSender {
  private static final String PROVIDER = "twilio";
  private static final Pattern MESSAGING_SERVICE_SID = Pattern.compile("MG[0-9a-fA-F]{32}");

  /** Clocks differ: a resource created this long before our start still counts as ours. */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  private final TwilioRestClient client;
  private final TwilioHttp http;
  private final String sender;
  private final String statusCallbackUrl;
  private final AppSenders appSenders;
  private final Duration absentAfter;
  private final Clock clock;

  /**
   * @param sender a Messaging Service SID ({@code MG…}) or an E.164 sender number
   * @param statusCallbackUrl where Twilio posts status callbacks, e.g. {@code
   *     https://whisperer.example.com/v1/webhooks/twilio/status}
   * @param absentAfter how long after a send started the absence of its Message resource means
   *     Twilio never accepted it
   */
  TwilioChannelSender(
      TwilioRestClient client,
      TwilioHttp http,
      String sender,
      String statusCallbackUrl,
      AppSenders appSenders,
      Duration absentAfter,
      Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.http = Objects.requireNonNull(http, "http");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.statusCallbackUrl = Objects.requireNonNull(statusCallbackUrl, "statusCallbackUrl");
    this.appSenders = Objects.requireNonNull(appSenders, "appSenders");
    this.absentAfter = Objects.requireNonNull(absentAfter, "absentAfter");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Delivery send(OutboundMessage message) {
    PhoneNumber to = new PhoneNumber(message.to());
    Optional<String> appFrom = appSenders.smsFrom(message);
    boolean service = MESSAGING_SERVICE_SID.matcher(sender).matches();
    MessageCreator creator =
        service
            ? Message.creator(to, sender, message.body())
            : Message.creator(to, new PhoneNumber(appFrom.orElse(sender)), message.body());
    if (service && appFrom.isPresent()) {
      creator.setFrom(new PhoneNumber(appFrom.get()));
    }
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

  @Override
  public Reconciliation reconcile(OutboundMessage message, Instant startedAt) {
    Page<Message> newest;
    try {
      newest =
          Message.reader().setTo(new PhoneNumber(message.to())).setPageSize(50L).firstPage(client);
    } catch (TwilioException unanswered) {
      return Reconciliation.UNKNOWN;
    }
    Instant since = startedAt.minus(CLOCK_SKEW);
    Optional<Message> ours =
        newest.getRecords().stream()
            .filter(m -> m.getBody() != null && sameText(message.body(), m.getBody()))
            .filter(m -> m.getDateCreated() != null)
            .filter(m -> !m.getDateCreated().toInstant().isBefore(since))
            .findFirst();
    if (ours.isPresent()) {
      return Reconciliation.accepted(ours.get().getSid());
    }
    return startedAt.plus(absentAfter).isBefore(clock.instant())
        ? Reconciliation.NOT_ACCEPTED
        : Reconciliation.UNKNOWN;
  }

  /**
   * Whether Twilio's copy of a body is ours: a Messaging Service with Smart Encoding replaces
   * typographic characters (curly quotes, dashes, ellipsis, no-break space) by GSM-7 ones before it
   * stores the body.
   */
  static boolean sameText(String ours, String twilios) {
    return gsm7(ours).equals(gsm7(twilios));
  }

  private static String gsm7(String text) {
    return text.replace('\u2018', '\'')
        .replace('\u2019', '\'')
        .replace('\u201C', '"')
        .replace('\u201D', '"')
        .replace('\u2013', '-')
        .replace('\u2014', '-')
        .replace("\u2026", "...")
        .replace('\u00A0', ' ');
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
