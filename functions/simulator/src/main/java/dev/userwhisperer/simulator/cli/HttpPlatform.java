package dev.userwhisperer.simulator.cli;

import dev.userwhisperer.simulator.Channel;
import dev.userwhisperer.simulator.Feedback;
import dev.userwhisperer.simulator.Message;
import dev.userwhisperer.simulator.Platform;
import dev.userwhisperer.simulator.SimEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator's one way into the platform: HTTP requests to its public API and admin clock, each
 * reported to a listener before it is sent (which is how a test proves nothing else is used).
 */
public final class HttpPlatform implements Platform {
  private static final int BATCH = 1000;
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final URI base;
  private final String apiKey;
  private final String adminToken;
  private final Consumer<HttpRequest> listener;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /**
   * @param apiKey the app's key, for the public API
   * @param adminToken the platform's admin token, for {@code /admin/*}
   */
  public HttpPlatform(URI base, String apiKey, String adminToken, Consumer<HttpRequest> listener) {
    this.base = base;
    this.apiKey = apiKey;
    this.adminToken = adminToken;
    this.listener = listener;
  }

  /** {@code GET /v1/schema} answers 200: the platform is up. */
  public boolean isUp() {
    try {
      return send(HttpRequest.newBuilder(base.resolve("/v1/schema")).GET()).statusCode() == 200;
    } catch (UncheckedIOException notListening) {
      return false;
    }
  }

  @Override
  public void sendEvents(List<SimEvent> events) {
    for (int from = 0; from < events.size(); from += BATCH) {
      List<Map<String, Object>> batch = new ArrayList<>();
      for (SimEvent e : events.subList(from, Math.min(events.size(), from + BATCH))) {
        batch.add(envelope(e));
      }
      HttpResponse<String> r =
          ok(
              authorized(HttpRequest.newBuilder(base.resolve("/v1/events")))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          JSON.writeValueAsString(Map.of("batch", batch)))),
              202);
      JsonNode body = JSON.readTree(r.body());
      if (body.get("rejected").asInt() > 0) {
        throw new IllegalStateException("the platform rejected simulated events: " + r.body());
      }
    }
  }

  private static Map<String, Object> envelope(SimEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("messageId", e.messageId());
    m.put("type", e.type());
    m.put("userId", e.userId());
    m.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(e.timestamp()));
    if (!e.properties().isEmpty()) {
      m.put("properties", e.properties());
    }
    if (!e.traits().isEmpty()) {
      m.put("traits", e.traits());
    }
    return m;
  }

  @Override
  public void advanceClock(Duration by) {
    ok(
        admin(HttpRequest.newBuilder(base.resolve("/admin/clock/advance?by=" + by)))
            .POST(HttpRequest.BodyPublishers.noBody()),
        200);
  }

  @Override
  public void drain() {
    HttpResponse<String> r =
        ok(
            admin(HttpRequest.newBuilder(base.resolve("/admin/drain?timeout=PT5M")))
                .POST(HttpRequest.BodyPublishers.noBody()),
            200);
    if (!JSON.readTree(r.body()).get("idle").asBoolean()) {
      throw new IllegalStateException("the platform did not drain: " + r.body());
    }
  }

  @Override
  public List<OutboxItem> outboxAfter(long seq, int limit) {
    HttpResponse<String> r =
        ok(
            authorized(
                    HttpRequest.newBuilder(
                        base.resolve("/v1/outbox?after=" + seq + "&limit=" + limit)))
                .GET(),
            200);
    List<OutboxItem> items = new ArrayList<>();
    for (JsonNode entry : JSON.readTree(r.body()).get("messages")) {
      JsonNode m = entry.get("message");
      JsonNode intervention = m.get("intervention");
      items.add(
          new OutboxItem(
              entry.get("seq").asLong(),
              new Message(
                  m.get("outboundId").asString(),
                  m.get("userId").asString(),
                  Channel.parse(m.get("channel").asString()),
                  intervention == null || intervention.isNull() ? null : intervention.asString(),
                  Instant.parse(entry.get("deliveredAt").asString()))));
    }
    return items;
  }

  @Override
  public List<LoggedDecision> decisions(String userId, int limit) {
    HttpResponse<String> r =
        send(
            authorized(
                    HttpRequest.newBuilder(
                        base.resolve("/v1/users/" + userId + "?decisionLimit=" + limit)))
                .GET());
    if (r.statusCode() == 404) {
      return List.of();
    }
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "GET /v1/users/" + userId + " answered " + r.statusCode() + ": " + r.body());
    }
    JsonNode decisions = JSON.readTree(r.body()).get("recentDecisions");
    if (decisions == null || !decisions.isArray()) {
      throw new IllegalStateException(
          "GET /v1/users/" + userId + " answered without recentDecisions: " + r.body());
    }
    List<LoggedDecision> logged = new ArrayList<>();
    for (JsonNode decision : decisions) {
      JsonNode candidates = decision.get("candidates");
      if (candidates == null || candidates.isEmpty()) {
        continue;
      }
      JsonNode first = candidates.get(0);
      JsonNode version = first.get("modelVersion");
      JsonNode source = first.get("source");
      logged.add(
          new LoggedDecision(
              decision.get("decisionId").asString(),
              Instant.parse(decision.get("decidedAt").asString()),
              decision.get("outcome").asString(),
              decision.get("reason").asString(),
              source == null || source.isNull() ? "unrecorded" : source.asString(),
              version == null || version.isNull() ? null : version.asString()));
    }
    return logged;
  }

  @Override
  public void feedback(String messageId, Feedback kind) {
    ok(
        authorized(
            HttpRequest.newBuilder(
                    base.resolve(
                        "/v1/outbox/" + messageId + "/" + kind.name().toLowerCase(Locale.ROOT)))
                .POST(HttpRequest.BodyPublishers.noBody())),
        202);
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder b) {
    return b.header("Authorization", "Bearer " + apiKey);
  }

  private HttpRequest.Builder admin(HttpRequest.Builder b) {
    return b.header("Authorization", "Bearer " + adminToken);
  }

  private HttpResponse<String> ok(HttpRequest.Builder b, int expected) {
    HttpResponse<String> r = send(b);
    if (r.statusCode() != expected) {
      throw new IllegalStateException(
          r.request().method()
              + " "
              + r.request().uri()
              + " answered "
              + r.statusCode()
              + ": "
              + r.body());
    }
    return r;
  }

  private HttpResponse<String> send(HttpRequest.Builder b) {
    HttpRequest request = b.timeout(TIMEOUT).build();
    listener.accept(request);
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
