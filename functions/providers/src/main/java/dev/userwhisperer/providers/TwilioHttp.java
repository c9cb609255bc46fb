package dev.userwhisperer.providers;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.util.Arrays;
import org.apache.hc.core5.http.Header;

/**
 * Twilio's HTTP client, made to send each request once (the SDK's own retry of 5xx would hide the
 * answer from our retry policy) and to keep, per thread, the last response's headers, which the
 * SDK's exceptions drop ({@code Retry-After}).
 */
final class TwilioHttp extends HttpClient {
  private final HttpClient network;
  private final ThreadLocal<Response> last = new ThreadLocal<>();

  TwilioHttp(HttpClient network) {
    this.network = network;
  }

  static TwilioHttp network() {
    return new TwilioHttp(new NetworkHttpClient());
  }

  @Override
  public Response reliableRequest(Request request) {
    return makeRequest(request);
  }

  @Override
  public Response reliableRequest(
      Request request, int[] retryCodes, int retries, long delayMillis) {
    return makeRequest(request);
  }

  @Override
  public Response makeRequest(Request request) {
    last.remove();
    Response response = network.makeRequest(request);
    last.set(response);
    return response;
  }

  /** A header of the last response this thread received, or null. */
  String lastHeader(String name) {
    Response response = last.get();
    if (response == null || response.getHeaders() == null) {
      return null;
    }
    return Arrays.stream(response.getHeaders())
        .filter(h -> h.getName().equalsIgnoreCase(name))
        .map(Header::getValue)
        .findFirst()
        .orElse(null);
  }
}
