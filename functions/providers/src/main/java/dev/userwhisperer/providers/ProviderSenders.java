package dev.userwhisperer.providers;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.sendgrid.Client;
import com.sendgrid.SendGrid;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.TwilioRestClient;
import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ChannelSender;
import dev.userwhisperer.core.port.Secrets;
import jakarta.mail.Session;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.apache.http.client.config.RequestConfig.Builder;
import org.apache.http.impl.client.HttpClients;

/**
 * Builds the {@link ChannelSender} that {@link DeliverySettings} describe: a provider sender for
 * each provider a route names, each behind its rate limit, retries and breaker, and {@code
 * fallback} for every channel without a route. Reads each routed provider's credential at once: a
 * missing one stops the start, naming the secret (never its value).
 */
public final class ProviderSenders {
  private ProviderSenders() {}

  /**
   * What the provider senders need from the runtime that hosts them.
   *
   * @param fallback where messages without a route go (the local outbox, the dry run)
   * @param publicBaseUrl where the platform's HTTP API is reachable (Twilio's status callbacks)
   * @param beforeProviderSend keeps a message a provider is about to send, so that feedback and
   *     webhooks about it find it
   * @param unregisteredToken called with a push message whose token FCM no longer knows
   * @param appConfigs the apps' configurations, whose sender identities (from, reply-to, SMS
   *     sender) replace the deployment's defaults; null for the defaults only
   */
  public record Collaborators(
      ChannelSender fallback,
      String publicBaseUrl,
      Consumer<OutboundMessage> beforeProviderSend,
      Consumer<OutboundMessage> unregisteredToken,
      AppConfigStore appConfigs) {
    public Collaborators {
      Objects.requireNonNull(fallback, "fallback");
      Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
      Objects.requireNonNull(beforeProviderSend, "beforeProviderSend");
      Objects.requireNonNull(unregisteredToken, "unregisteredToken");
    }
  }

  public static ChannelSender build(
      DeliverySettings settings, Secrets secrets, Collaborators with, Clock clock) {
    DeliveryRoutes routes = DeliveryRoutes.parse(settings.routes());
    ResilientChannelSender.Policy policy =
        new ResilientChannelSender.Policy(
            settings.limits().perSecond(),
            settings.limits().burst(),
            settings.limits().attempts(),
            settings.limits().firstBackoff(),
            settings.limits().maxWait());
    Map<String, ChannelSender> senders = new HashMap<>();
    AppSenders identities = new AppSenders(with.appConfigs());
    for (String provider : routes.providers()) {
      ChannelSender sender =
          switch (provider) {
            case "sendgrid" -> sendGrid(settings, secrets, identities, clock);
            case "twilio" -> twilio(settings, secrets, with.publicBaseUrl(), identities, clock);
            case "fcm" -> fcm(settings, secrets, with.unregisteredToken(), clock);
            case "smtp" -> smtp(settings, secrets, identities, clock);
            default -> throw new IllegalArgumentException("no sender for provider " + provider);
          };
      senders.put(
          provider,
          new ResilientChannelSender(
              provider,
              sender,
              policy,
              ResilientChannelSender.breaker(provider, settings.breakerOpenFor()),
              System::nanoTime,
              () -> ThreadLocalRandom.current().nextDouble(),
              d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000)));
    }
    return new RoutingChannelSender(routes, senders, with.fallback(), with.beforeProviderSend());
  }

  static SendGridChannelSender sendGrid(
      DeliverySettings settings, Secrets secrets, AppSenders identities, Clock clock) {
    DeliverySettings.SendGrid s = settings.sendgrid();
    String from = required(s.from(), "whisperer.delivery.sendgrid.from");
    String apiKey = secrets.require(s.apiKeySecret());
    URI base = URI.create(s.baseUrl());
    int ms = (int) settings.timeout().toMillis();
    Builder timeouts =
        org.apache.http.client.config.RequestConfig.custom()
            .setConnectTimeout(ms)
            .setConnectionRequestTimeout(ms)
            .setSocketTimeout(ms);
    boolean plainHttp = "http".equals(base.getScheme());
    SendGrid client =
        new SendGrid(
            apiKey,
            new Client(
                HttpClients.custom().setDefaultRequestConfig(timeouts.build()).build(), plainHttp));
    client.setHost(base.getPort() < 0 ? base.getHost() : base.getHost() + ":" + base.getPort());
    return new SendGridChannelSender(client, from, identities, settings.absentAfter(), clock);
  }

  static TwilioChannelSender twilio(
      DeliverySettings settings,
      Secrets secrets,
      String publicBaseUrl,
      AppSenders identities,
      Clock clock) {
    DeliverySettings.Twilio s = settings.twilio();
    String accountSid = required(s.accountSid(), "whisperer.delivery.twilio.account-sid");
    String sender = required(s.sender(), "whisperer.delivery.twilio.sender");
    String authToken = secrets.require(s.authTokenSecret());
    Timeout timeout = Timeout.of(settings.timeout());
    HttpClientBuilder http =
        HttpClientBuilder.create()
            // HttpClient 5 retries 429 and 503 by itself; our policy decides, with Retry-After
            .disableAutomaticRetries()
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectionRequestTimeout(timeout)
                    .setResponseTimeout(timeout)
                    .build())
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(timeout)
                            .setSocketTimeout(timeout)
                            .build())
                    .build());
    if (s.baseUrl() != null && !s.baseUrl().isBlank()) {
      URI stub = URI.create(s.baseUrl());
      HttpRoutePlanner toStub =
          (target, context) ->
              new HttpRoute(new HttpHost(stub.getScheme(), stub.getHost(), stub.getPort()));
      http.setRoutePlanner(toStub);
    }
    TwilioHttp twilioHttp = new TwilioHttp(new NetworkHttpClient(http));
    TwilioRestClient client =
        new TwilioRestClient.Builder(accountSid, authToken).httpClient(twilioHttp).build();
    return new TwilioChannelSender(
        client,
        twilioHttp,
        sender,
        trimmed(publicBaseUrl) + "/v1/webhooks/twilio/status",
        identities,
        settings.absentAfter(),
        clock);
  }

  static FcmChannelSender fcm(
      DeliverySettings settings,
      Secrets secrets,
      Consumer<OutboundMessage> unregisteredToken,
      Clock clock) {
    DeliverySettings.Fcm s = settings.fcm();
    String projectId = required(s.projectId(), "whisperer.delivery.fcm.project-id");
    GoogleCredentials credentials;
    try {
      credentials =
          ServiceAccountCredentials.fromStream(
                  new ByteArrayInputStream(
                      secrets.require(s.serviceAccountSecret()).getBytes(StandardCharsets.UTF_8)))
              .createScoped(FcmChannelSender.SCOPE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "secret " + s.serviceAccountSecret() + " is not a service account JSON key", e);
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    return new FcmChannelSender(
        http,
        trimmed(s.baseUrl()),
        projectId,
        credentials,
        unregisteredToken,
        settings.timeout(),
        clock);
  }

  static SmtpChannelSender smtp(
      DeliverySettings settings, Secrets secrets, AppSenders identities, Clock clock) {
    DeliverySettings.Smtp s = settings.smtp();
    String host = required(s.host(), "whisperer.delivery.smtp.host");
    String from = required(s.from(), "whisperer.delivery.smtp.from");
    boolean authenticated = s.user() != null && !s.user().isBlank();
    String password = authenticated ? secrets.require(s.passwordSecret()) : null;
    String timeout = String.valueOf(settings.timeout().toMillis());
    Properties p = new Properties();
    p.put("mail.smtp.host", host);
    p.put("mail.smtp.port", String.valueOf(s.port()));
    p.put("mail.smtp.auth", String.valueOf(authenticated));
    p.put("mail.smtp.starttls.enable", String.valueOf(s.startTls()));
    p.put("mail.smtp.starttls.required", String.valueOf(s.startTls()));
    p.put("mail.smtp.connectiontimeout", timeout);
    p.put("mail.smtp.timeout", timeout);
    p.put("mail.smtp.writetimeout", timeout);
    return new SmtpChannelSender(
        Session.getInstance(p), from, authenticated ? s.user() : null, password, identities, clock);
  }

  private static String required(String value, String property) {
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(property + " is required by the delivery routes");
    }
    return value;
  }

  private static String trimmed(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
