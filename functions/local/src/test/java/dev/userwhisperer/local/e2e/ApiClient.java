package dev.userwhisperer.local.e2e;

import dev.userwhisperer.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** Talks to a running platform over HTTP only, as an app, a mail client or a simulator would. */
final class ApiClient {
  /** The admin token the tests start the platform with ({@code whisperer.admin-token}). */
  static final String ADMIN_TOKEN = "uwa_admin_token_of_the_tests";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String apiKey;

  ApiClient(String baseUrl, String apiKey) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
  }

  record Response(int status, String body, HttpResponse<String> raw) {
    JsonNode json() {
      return Json.tree(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  Response postEvents(String json) {
    return send(
        request("/v1/events")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Response get(String path) {
    return send(request(path).GET());
  }

  Response post(String path) {
    return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
  }

  Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofMinutes(3));
    return apiKey == null ? builder : builder.header("Authorization", "Bearer " + apiKey);
  }

  /** A GET of {@code /admin/*}, with the admin token rather than the app's key. */
  Response adminGet(String path) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofMinutes(3))
            .header("Authorization", "Bearer " + ADMIN_TOKEN)
            .GET());
  }

  /** A POST to {@code /admin/*}, with the admin token rather than the app's key. */
  Response adminPost(String path) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofMinutes(3))
            .header("Authorization", "Bearer " + ADMIN_TOKEN)
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** Advances the platform clock through the admin API; answers once the pipeline has drained. */
  void advanceClock(Duration by) {
    Response response = adminPost("/admin/clock/advance?by=" + by);
    if (response.status() != 200) {
      throw new IllegalStateException(
          "advance failed: " + response.status() + " " + response.body());
    }
  }

  void drain() {
    Response response = adminPost("/admin/drain?timeout=PT60S");
    if (response.status() != 200 || !response.json().get("idle").asBoolean()) {
      throw new IllegalStateException("the pipeline did not drain: " + response.body());
    }
  }
}
