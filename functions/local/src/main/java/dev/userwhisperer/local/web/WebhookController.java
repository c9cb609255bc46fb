package dev.userwhisperer.local.web;

import dev.userwhisperer.core.feedback.FeedbackResponse;
import dev.userwhisperer.core.feedback.FormEncoding;
import dev.userwhisperer.core.feedback.ProviderWebhooks;
import dev.userwhisperer.core.feedback.WebhookRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The providers' webhooks. Only translates HTTP: verification and every rule live in core's {@link
 * ProviderWebhooks}. Twilio signs the public URL it called, so the URL is rebuilt from {@code
 * whisperer.public-base-url}, not from what a proxy forwarded.
 */
@RestController
class WebhookController {
  /** SendGrid posts batches of up to a few MB; anything larger is not theirs. */
  private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

  private final ProviderWebhooks webhooks;
  private final String publicBaseUrl;

  WebhookController(
      ProviderWebhooks webhooks, @Value("${whisperer.public-base-url}") String publicBaseUrl) {
    this.webhooks = webhooks;
    this.publicBaseUrl =
        publicBaseUrl.endsWith("/")
            ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
            : publicBaseUrl;
  }

  @PostMapping("/v1/webhooks/sendgrid")
  ResponseEntity<byte[]> sendGrid(HttpServletRequest request) throws IOException {
    return answer(webhooks::sendGrid, request);
  }

  @PostMapping("/v1/webhooks/twilio/status")
  ResponseEntity<byte[]> twilioStatus(HttpServletRequest request) throws IOException {
    return answer(webhooks::twilioStatus, request);
  }

  @PostMapping("/v1/webhooks/twilio/inbound")
  ResponseEntity<byte[]> twilioInbound(HttpServletRequest request) throws IOException {
    return answer(webhooks::twilioInbound, request);
  }

  private ResponseEntity<byte[]> answer(
      Function<WebhookRequest, FeedbackResponse> handler, HttpServletRequest request)
      throws IOException {
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_BODY_BYTES);
    }
    Map<String, String> headers = new HashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name, request.getHeader(name));
    }
    String query = request.getQueryString();
    boolean form =
        request.getContentType() != null
            && request.getContentType().startsWith("application/x-www-form-urlencoded");
    Map<String, String> queryParameters = FormEncoding.parse(query);
    Map<String, String> formParameters = Map.of();
    if (form) {
      formParameters = FormEncoding.parse(new String(body, StandardCharsets.UTF_8));
      if (body.length == 0) {
        // the container parsed the form already: its parameters are the body's and the query's
        Map<String, String> parsed = new HashMap<>();
        request.getParameterMap().forEach((k, v) -> parsed.put(k, v[0]));
        queryParameters.keySet().forEach(parsed::remove);
        formParameters = parsed;
      }
    }
    FeedbackResponse response =
        handler.apply(
            new WebhookRequest(
                publicBaseUrl + request.getRequestURI() + (query == null ? "" : "?" + query),
                headers,
                queryParameters,
                formParameters,
                body));
    return JsonResponses.of(response.status(), Map.of(), response.body());
  }
}
