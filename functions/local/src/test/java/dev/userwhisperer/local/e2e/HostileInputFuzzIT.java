package dev.userwhisperer.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Hostile requests against the running platform over real HTTP, generated from a seed ({@code
 * -Dfuzz.seed}, default 21) around a corpus of every case that was once accepted and then lost or
 * altered, answered outside the error contract, or accepted twice. Asserts: no 5xx; every error in
 * the documented body; no messageId accepted twice; after a drain, every accepted event is in its
 * user's profile exactly once (its messageId among the profile's applied ids, its count in the
 * event count) and no rejected or duplicate event is.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "whisperer.demo-api-key=" + HostileInputFuzzIT.KEY,
      "whisperer.admin-enabled=true",
      "whisperer.admin-token=" + ApiClient.ADMIN_TOKEN,
      "whisperer.clock-start=2026-03-02T10:00:00Z",
      "whisperer.sweep-interval=1h",
      "server.tomcat.connection-timeout=1s"
    })
class HostileInputFuzzIT {
  static final String KEY = "uw_fuzz_key";
  private static final Logger log = LoggerFactory.getLogger(HostileInputFuzzIT.class);
  private static final int GENERATED_REQUESTS = 400;
  private static final int CONCURRENT_PAIRS = 25;

  /** Ids that look like paths, escapes or nothing at all, yet are valid and must read back. */
  private static final List<String> HOSTILE_VALID_IDS =
      List.of(
          "u/1",
          "../../etc",
          "a\\b",
          "%2F",
          "%00",
          "a;b=c",
          "a?b#c",
          "ü ß",
          "中文",
          "😀",
          " x ",
          "+p+",
          "...",
          "a/../b",
          "\u00a0nbsp",
          "x".repeat(256));

  /** JSON string literals (escapes as sent) that no id may hold. */
  private static final List<String> INVALID_ID_LITERALS =
      List.of(
          "\"x\\ud800\"",
          "\"x\\udbff\"",
          "\"\\udc00y\"",
          "\" \"",
          "\"\\t\"",
          "\".\"",
          "\"..\"",
          "\"a\\u0000b\"",
          "\"a\\nb\"",
          "\"a\\u007fb\"",
          "\"\"",
          "\"" + "y".repeat(257) + "\"",
          "7",
          "null");

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("whisperer.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Random random = new Random(Long.getLong("fuzz.seed", 21));
  private final Map<String, Set<String>> acceptedByUser = new TreeMap<>();
  private final Set<String> acceptedIds = new HashSet<>();
  private final Set<String> usersOnlyRejected = new HashSet<>();
  private final Map<Integer, Integer> statuses = new TreeMap<>();
  private int counter;
  private String prefix = "fz-";
  private int requests;
  private int events;

  /** One request to POST /v1/events: headers and body as sent. */
  private record Post(Map<String, String> headers, byte[] body) {}

  /** A request and its answer. */
  private record Exchange(Post post, HttpResponse<byte[]> response) {}

  @Test
  void noHostileRequestIsLostAlteredOrAnsweredOutsideTheContract() throws Exception {
    for (Supplier<Post> corpusCase : corpus()) {
      check(post(corpusCase.get()));
    }
    for (RawHttp.Reply reply : rawCorpus()) {
      count(reply.status());
      assertThat(reply.status()).as(reply.text()).isBetween(400, 499);
      ErrorContract.check(reply);
    }
    for (int i = 0; i < GENERATED_REQUESTS; i++) {
      Post generated = generated();
      check(post(generated));
      if (random.nextInt(4) == 0) {
        check(post(generated)); // a retry: every event comes back duplicate or rejected
      }
    }
    for (int i = 0; i < CONCURRENT_PAIRS; i++) {
      prefix = "cc-";
      Post batch = validBatch(1 + random.nextInt(20));
      CompletableFuture<Exchange> a = CompletableFuture.supplyAsync(() -> post(batch));
      CompletableFuture<Exchange> b = CompletableFuture.supplyAsync(() -> post(batch));
      JsonNode first = check(a.get());
      JsonNode second = check(b.get());
      for (int e = 0; e < first.get("results").size(); e++) {
        assertThat(
                List.of(
                    first.get("results").get(e).get("status").asString(),
                    second.get("results").get(e).get("status").asString()))
            .containsExactlyInAnyOrder("accepted", "duplicate");
      }
    }

    new ApiClient("http://localhost:" + port, KEY).drain();

    ApiClient api = new ApiClient("http://localhost:" + port, KEY);
    int users = 0;
    for (var user : acceptedByUser.entrySet()) {
      ApiClient.Response profile =
          api.get("/v1/users/" + HttpErrorContractIT.segment(user.getKey()));
      assertThat(profile.status()).as("%s: %s", user.getKey(), profile.body()).isEqualTo(200);
      JsonNode p = profile.json().get("profile");
      List<String> applied =
          p.get("recentMessageIds").valueStream().map(JsonNode::asString).toList();
      assertThat(applied).as(user.getKey()).doesNotHaveDuplicates();
      assertThat(Set.copyOf(applied)).as(user.getKey()).isEqualTo(user.getValue());
      assertThat(p.get("activity").get("eventCount").asInt()).isEqualTo(user.getValue().size());
      users++;
    }
    usersOnlyRejected.removeAll(acceptedByUser.keySet());
    for (String user : usersOnlyRejected) {
      // 404 no profile; 400 when the id is one no URL may carry (a NUL, a line break)
      ApiClient.Response none = api.get("/v1/users/" + HttpErrorContractIT.segment(user));
      assertThat(none.status()).as(user).isIn(400, 404);
      ErrorContract.check(none);
    }
    log.info(
        "fuzz seed={} requests={} events={} accepted={} users={} statuses={}",
        Long.getLong("fuzz.seed", 21),
        requests,
        events,
        acceptedIds.size(),
        users,
        statuses);
  }

  /** Every case of issue 21, as it was sent. */
  private List<Supplier<Post>> corpus() {
    List<Supplier<Post>> cases = new ArrayList<>();
    for (String literal : INVALID_ID_LITERALS) {
      cases.add(() -> json(event(nextId(), literal, null)));
      cases.add(
          () ->
              json("{\"messageId\":" + literal + ",\"type\":\"feature_used\",\"userId\":\"u-c\"}"));
      cases.add(
          () ->
              json(
                  "{\"messageId\":\""
                      + nextId()
                      + "\",\"type\":\"feature_used\",\"anonymousId\":"
                      + literal
                      + "}"));
    }
    for (String timestamp :
        List.of(
            "0000-01-01T00:00:00Z",
            "1900-01-01T00:00:00Z",
            "1999-12-31T23:59:59Z",
            "9999-12-31T23:59:59Z",
            "2026-03-04T10:00:00Z")) {
      cases.add(() -> json(event(nextId(), "\"u-old\"", timestamp)));
    }
    cases.add(() -> new Post(jsonHeaders(), overlong()));
    cases.add(
        () ->
            json(
                "{\"messageId\":\""
                    + nextId()
                    + "\",\"type\":\"feature_used\",\"userId\":\"dupk-u\",\"userId\":\"dupk-v\"}"));
    cases.add(() -> json("{\"a\":".repeat(3000) + "1" + "}".repeat(3000)));
    cases.add(() -> json("[".repeat(3000) + "]".repeat(3000)));
    cases.add(
        () ->
            json(
                event(nextId(), "\"u-num\"", null).replace("}", ",\"properties\":{\"n\":1e400}}")));
    cases.add(() -> json(""));
    cases.add(() -> json("{\"batch\":[]}"));
    cases.add(() -> json("{\"batch\":{}}"));
    cases.add(() -> gzipped(validBatch(5).body()));
    cases.add(() -> new Post(withHeader("Content-Encoding", "gzip"), validBatch(3).body()));
    cases.add(() -> new Post(withHeader("Content-Encoding", "br"), validBatch(3).body()));
    cases.add(() -> gzipped(new byte[16 * 1024 * 1024]));
    cases.add(
        () ->
            new Post(
                Map.of("Content-Type", "text/plain", "Authorization", "Bearer " + KEY),
                validBatch(1).body()));
    cases.add(() -> new Post(Map.of("Content-Type", "application/json"), validBatch(1).body()));
    cases.add(
        () ->
            new Post(
                Map.of(
                    "Content-Type", "application/json", "Authorization", "Bearer uw_\u00e9\u00e8"),
                validBatch(1).body()));
    for (String id : HOSTILE_VALID_IDS) {
      cases.add(() -> json(event(nextId(), Json.encodeToString(id), null)));
    }
    return cases;
  }

  /** What only a raw socket can send. */
  private List<RawHttp.Reply> rawCorpus() {
    String auth = "Authorization: Bearer " + KEY;
    String host = "Host: localhost\r\nConnection: close\r\n" + auth;
    String post = "POST /v1/events HTTP/1.1\r\n" + host + "\r\nContent-Type: application/json\r\n";
    byte[] half = "{\"messageId\":\"".getBytes(StandardCharsets.UTF_8);
    List<RawHttp.Reply> replies = new ArrayList<>();
    for (String target :
        List.of(
            "/v1/users/a%00b", "/v1/users/%zz", "/v1/users/%", "/v1/users/a%2F..%2F..%2Fb%00")) {
      replies.add(RawHttp.send(port, "GET " + target + " HTTP/1.1\r\n" + host, new byte[0]));
    }
    replies.add(
        RawHttp.send(
            port,
            "GET /v1/schema HTTP/1.1\r\n" + host + "\r\nX-Big: " + "a".repeat(20_000),
            new byte[0]));
    StringBuilder many = new StringBuilder("GET /v1/schema HTTP/1.1\r\n" + host);
    for (int i = 0; i < 120; i++) {
      many.append("\r\nX-H").append(i).append(": ").append(i);
    }
    replies.add(RawHttp.send(port, many.toString(), new byte[0]));
    replies.add(
        RawHttp.send(port, post + "Content-Length: 300", half, true, Duration.ofSeconds(10)));
    replies.add(
        RawHttp.send(port, post + "Content-Length: 300", half, false, Duration.ofSeconds(10)));
    replies.add(
        RawHttp.send(
            port,
            post + "Transfer-Encoding: chunked",
            "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
    replies.add(
        RawHttp.send(
            port, "PUT /v1/events HTTP/1.1\r\n" + host + "\r\nContent-Length: 0", new byte[0]));
    replies.add(RawHttp.send(port, "GET /nowhere HTTP/1.1\r\n" + host, new byte[0]));
    replies.add(
        RawHttp.send(
            port,
            "POST /admin/clock/advance HTTP/1.1\r\n" + host + "\r\nContent-Length: 0",
            new byte[0]));
    replies.add(
        RawHttp.send(
            port,
            "GET /admin/bus/events/dead-letters HTTP/1.1\r\nHost: localhost\r\nConnection: close",
            new byte[0]));
    return replies;
  }

  /** A request made from a valid batch, then corrupted one way or another, or left valid. */
  private Post generated() {
    Post batch = validBatch(1 + random.nextInt(30));
    return switch (random.nextInt(10)) {
      case 0 -> new Post(batch.headers(), flipBytes(batch.body()));
      case 1 ->
          new Post(
              batch.headers(),
              java.util.Arrays.copyOf(batch.body(), random.nextInt(batch.body().length)));
      case 2 -> json(mixedBatch(1 + random.nextInt(20)));
      case 3 -> gzipped(batch.body());
      case 4 ->
          json(
              mixedBatch(1 + random.nextInt(5))
                  .replaceFirst("\"type\"", "\"type\":\"x\",\"type\""));
      default -> batch;
    };
  }

  private Post validBatch(int size) {
    StringBuilder body = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < size; i++) {
      body.append(i == 0 ? "" : ",")
          .append(event(nextId(), Json.encodeToString(userId()), timestamp()));
    }
    return json(body.append("]}").toString());
  }

  /** Valid events among invalid ones. */
  private String mixedBatch(int size) {
    StringBuilder body = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < size; i++) {
      String user =
          random.nextBoolean()
              ? Json.encodeToString(userId())
              : INVALID_ID_LITERALS.get(random.nextInt(INVALID_ID_LITERALS.size()));
      body.append(i == 0 ? "" : ",").append(event(nextId(), user, timestamp()));
    }
    return body.append("]}").toString();
  }

  private String userId() {
    return random.nextInt(3) == 0
        ? HOSTILE_VALID_IDS.get(random.nextInt(HOSTILE_VALID_IDS.size()))
        : "u-" + random.nextInt(40);
  }

  private String timestamp() {
    return random.nextBoolean()
        ? null
        : "2026-03-0" + (1 + random.nextInt(2)) + "T0" + random.nextInt(10) + ":00:00Z";
  }

  private String nextId() {
    return prefix + counter++;
  }

  private static String event(String messageId, String userLiteral, String timestamp) {
    return "{\"messageId\":\""
        + messageId
        + "\",\"type\":\"feature_used\",\"userId\":"
        + userLiteral
        + (timestamp == null ? "" : ",\"timestamp\":\"" + timestamp + "\"")
        + ",\"properties\":{\"feature\":\"f\"}}";
  }

  private byte[] flipBytes(byte[] body) {
    byte[] flipped = body.clone();
    for (int i = 0; i < 1 + random.nextInt(4); i++) {
      flipped[random.nextInt(flipped.length)] = (byte) random.nextInt(256);
    }
    return flipped;
  }

  private static byte[] overlong() {
    byte[] body =
        "{\"messageId\":\"overlong-1\",\"type\":\"feature_used\",\"userId\":\"aXXb\"}"
            .getBytes(StandardCharsets.US_ASCII);
    int at = new String(body, StandardCharsets.US_ASCII).indexOf("XX");
    body[at] = (byte) 0xC0;
    body[at + 1] = (byte) 0xAF;
    return body;
  }

  private static Map<String, String> jsonHeaders() {
    return Map.of("Content-Type", "application/json", "Authorization", "Bearer " + KEY);
  }

  private static Map<String, String> withHeader(String name, String value) {
    Map<String, String> headers = new LinkedHashMap<>(jsonHeaders());
    headers.put(name, value);
    return headers;
  }

  private static Post json(String body) {
    return new Post(jsonHeaders(), body.getBytes(StandardCharsets.UTF_8));
  }

  private static Post gzipped(byte[] plain) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Post(withHeader("Content-Encoding", "gzip"), out.toByteArray());
  }

  private Exchange post(Post post) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/events"))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(post.body()));
    post.headers().forEach(request::header);
    try {
      return new Exchange(
          post, http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Checks one answer against the contract and records what it accepted; returns a 202's body. */
  private synchronized JsonNode check(Exchange exchange) {
    HttpResponse<byte[]> response = exchange.response();
    count(response.statusCode());
    String text = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(response.statusCode()).as(text).isLessThan(500);
    if (response.statusCode() != 202) {
      ErrorContract.check(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
      return null;
    }
    JsonNode body = Json.tree(response.body());
    for (JsonNode result : body.get("results")) {
      events++;
      String status = result.get("status").asString();
      if (status.equals("accepted")) {
        String messageId = result.get("messageId").asString();
        assertThat(acceptedIds.add(messageId)).as("%s accepted twice", messageId).isTrue();
        acceptedByUser
            .computeIfAbsent(
                userOf(exchange.post(), result.get("index").asInt()), u -> new HashSet<>())
            .add(messageId);
      } else if (status.equals("rejected")) {
        assertThat(result.get("errors").isEmpty()).isFalse();
        String user = userOf(exchange.post(), result.get("index").asInt());
        if (user != null) {
          usersOnlyRejected.add(user);
        }
      }
    }
    return body;
  }

  private void count(int status) {
    requests++;
    statuses.merge(status, 1, Integer::sum);
  }

  /** The userId of event {@code index} as sent (a string), or null. */
  private static String userOf(Post post, int index) {
    JsonNode sent;
    try {
      byte[] body = post.body();
      if ("gzip".equals(post.headers().get("Content-Encoding"))) {
        body =
            new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))
                .readAllBytes();
      }
      sent = Json.tree(body);
    } catch (IOException | RuntimeException notJson) {
      return null;
    }
    JsonNode event = sent.has("batch") ? sent.get("batch").get(index) : sent;
    JsonNode user = event == null ? null : event.get("userId");
    return user != null && user.isString() ? user.asString() : null;
  }
}
