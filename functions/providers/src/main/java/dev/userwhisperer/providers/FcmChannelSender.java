package dev.userwhisperer.providers;

import com.google.auth.oauth2.GoogleCredentials;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ChannelSender;
import dev.userwhisperer.core.port.ProviderUnavailable;
import dev.userwhisperer.core.port.SendRejected;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Push through Firebase Cloud Messaging's HTTP v1 API, authorised as a service account (OAuth 2,
 * scope {@value #SCOPE}). Our message id and app travel in the data payload ({@value
 * #OUTBOUND_ID_KEY}, {@value #APP_ID_KEY}); they are also the collapse key, so that a device shows
 * one notification per message. An {@code UNREGISTERED} token is handed to {@code unregistered}
 * (which removes it from the profile) and the message is refused for good. FCM has no API that
 * reports sent messages, so a send whose outcome is unknown cannot be reconciled: it stays unknown
 * (the default {@link #reconcile}) until the bus dead-letters it for an operator.
 */
final class FcmChannelSender implements ChannelSender {
  static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
  static final String OUTBOUND_ID_KEY = "whisperer_outbound_id";
  static final String APP_ID_KEY = "whisperer_app_id";
  static final String UNREGISTERED = "UNREGISTERED";
  private static final String PROVIDER = "fcm";

  private final HttpClient http;
  private final URI sendUri;
  private final GoogleCredentials credentials;
  private final Consumer<OutboundMessage> unregistered;
  private final Duration timeout;
  private final Clock clock;

  /**
   * @param baseUrl {@code https://fcm.googleapis.com}, or a stub's
   * @param credentials the service account's, scoped to {@value #SCOPE}
   */
  FcmChannelSender(
      HttpClient http,
      String baseUrl,
      String projectId,
      GoogleCredentials credentials,
      Consumer<OutboundMessage> unregistered,
      Duration timeout,
      Clock clock) {
    this.http = Objects.requireNonNull(http, "http");
    this.sendUri = URI.create(baseUrl + "/v1/projects/" + projectId + "/messages:send");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.unregistered = Objects.requireNonNull(unregistered, "unregistered");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Delivery send(OutboundMessage message) {
    String accessToken;
    try {
      accessToken = accessToken();
    } catch (IOException e) {
      throw new ProviderUnavailable("fcm: no access token for the service account", null, e);
    }
    HttpResponse<String> response;
    try {
      HttpRequest request =
          HttpRequest.newBuilder(sendUri)
              .timeout(timeout)
              .header("Authorization", "Bearer " + accessToken)
              .header("Content-Type", "application/json; charset=UTF-8")
              .POST(HttpRequest.BodyPublishers.ofString(Json.encodeToString(body(message))))
              .build();
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw ProviderAnswers.ioFailure(PROVIDER, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderUnavailable("interrupted before sending to fcm", null, e);
    }
    int status = response.statusCode();
    if (status != 200) {
      String code = errorCode(response.body());
      if (UNREGISTERED.equals(code)) {
        unregistered.accept(message);
        throw new SendRejected(UNREGISTERED, "fcm: the push token is no longer registered");
      }
      throw ProviderAnswers.failure(
          PROVIDER, status, code, response.headers().firstValue("Retry-After").orElse(null), clock);
    }
    return new Delivery(
        message.outboundId(),
        message.appId(),
        message.userId(),
        message.channel(),
        ProviderAnswers.SENT,
        Json.mapper().readTree(response.body()).path("name").asString(null),
        clock.instant());
  }

  private String accessToken() throws IOException {
    credentials.refreshIfExpired();
    return credentials.getAccessToken().getTokenValue();
  }

  private static Map<String, Object> body(OutboundMessage message) {
    Map<String, Object> notification = new LinkedHashMap<>();
    if (message.title() != null) {
      notification.put("title", message.title());
    }
    notification.put("body", message.body());
    return Map.of(
        "message",
        Map.of(
            "token", message.to(),
            "notification", notification,
            "data", Map.of(OUTBOUND_ID_KEY, message.outboundId(), APP_ID_KEY, message.appId()),
            "android", Map.of("collapse_key", message.outboundId()),
            "apns", Map.of("headers", Map.of("apns-collapse-id", collapseId(message)))));
  }

  /** APNs allows at most 64 bytes. */
  private static String collapseId(OutboundMessage message) {
    String id = message.outboundId();
    return id.length() <= 64 ? id : id.substring(0, 64);
  }

  /**
   * FCM's error body: {@code {"error":{"code":404,"status":"NOT_FOUND","details":[{"@type":
   * "type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"UNREGISTERED"}]}}}; the
   * FcmError code when there is one, else the status.
   */
  private static String errorCode(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode error = Json.mapper().readTree(body).path("error");
      for (JsonNode detail : error.path("details")) {
        String code = detail.path("errorCode").asString(null);
        if (code != null) {
          return code;
        }
      }
      return error.path("status").asString(null);
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}
