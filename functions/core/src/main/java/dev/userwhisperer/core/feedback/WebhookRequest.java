package dev.userwhisperer.core.feedback;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A provider's webhook call as it arrived.
 *
 * @param url the full public URL the provider called, query included (Twilio signs it)
 * @param headers looked up without regard to case
 * @param query the URL's query parameters
 * @param form the {@code application/x-www-form-urlencoded} body's parameters (Twilio), else empty
 * @param body the raw body (SendGrid signs it)
 */
public record WebhookRequest(
    String url,
    Map<String, String> headers,
    Map<String, String> query,
    Map<String, String> form,
    byte[] body) {
  public WebhookRequest {
    Objects.requireNonNull(url, "url");
    TreeMap<String, String> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    caseless.putAll(headers == null ? Map.of() : headers);
    headers = java.util.Collections.unmodifiableMap(caseless);
    query = query == null ? Map.of() : Map.copyOf(query);
    form = form == null ? Map.of() : Map.copyOf(form);
    body = body == null ? new byte[0] : body;
  }

  public String header(String name) {
    return headers.get(name);
  }
}
