package dev.userwhisperer.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Whatever goes wrong with a request, over real HTTP, the answer is the documented JSON error body:
 * failures Tomcat answers before the application (bad URLs, oversized or too many headers), bodies
 * that stop short, stall or break their chunk framing, unknown paths and wrong methods. And an id
 * the API accepted can be read back, URL-encoded, whatever characters it holds.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "whisperer.demo-api-key=" + HttpErrorContractIT.KEY,
      "whisperer.admin-enabled=true",
      "whisperer.admin-token=" + ApiClient.ADMIN_TOKEN,
      "server.tomcat.connection-timeout=1s"
    })
class HttpErrorContractIT {
  static final String KEY = "uw_http_contract_key";

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("whisperer.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;

  private ApiClient api() {
    return new ApiClient("http://localhost:" + port, KEY);
  }

  private RawHttp.Reply get(String target, String... headers) {
    String head =
        "GET "
            + target
            + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer "
            + KEY
            + (headers.length == 0 ? "" : "\r\n" + String.join("\r\n", headers));
    return RawHttp.send(port, head, new byte[0]);
  }

  private String postHead(String... headers) {
    return "POST /v1/events HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        + "Content-Type: application/json\r\nAuthorization: Bearer "
        + KEY
        + "\r\n"
        + String.join("\r\n", headers);
  }

  /** Encodes every byte but the unreserved ones, as a careful client does for a path segment. */
  static String segment(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "u/1",
        "../../etc",
        "a\\\\b",
        "%2F",
        "a?b#c",
        "a;b=c",
        "ü ß 中 😀",
        " x ",
        "+plus+",
        "...",
        "a/../b",
        "%00"
      })
  void everyAcceptedIdIsReadBackThroughItsUrlEncodedPath(String id) {
    String json = "\"" + id + "\"";
    ApiClient.Response sent =
        api()
            .postEvents(
                "{\"messageId\":\"rb-"
                    + Math.abs(id.hashCode())
                    + "\",\"type\":\"feature_used\",\"userId\":"
                    + json
                    + "}");
    assertThat(sent.json().get("accepted").asInt()).as(sent.body()).isEqualTo(1);
    String stored =
        dev.userwhisperer.core.json.Json.tree(json.getBytes(StandardCharsets.UTF_8)).asString();
    api().drain();

    ApiClient.Response profile = api().get("/v1/users/" + segment(stored));

    assertThat(profile.status()).as(profile.body()).isEqualTo(200);
    assertThat(profile.json().get("profile").get("userId").asString()).isEqualTo(stored);
  }

  @Test
  void aUrlWithAnEncodedNulIsAJsonError() {
    RawHttp.Reply reply = get("/v1/users/a%00b");

    assertThat(reply.status()).isEqualTo(400);
    ErrorContract.check(reply);
  }

  @Test
  void aUrlThatIsNotAUrlIsAJsonError() {
    for (String target : List.of("/v1/users/%zz", "/v1/users/%", "/v1/us ers")) {
      RawHttp.Reply reply = get(target);
      assertThat(reply.status()).as(target).isEqualTo(400);
      ErrorContract.check(reply);
    }
  }

  @Test
  void aTwentyKilobyteHeaderIsAJsonError() {
    RawHttp.Reply reply = get("/v1/schema", "X-Big: " + "a".repeat(20_000));

    assertThat(reply.status()).isBetween(400, 431);
    ErrorContract.check(reply);
  }

  @Test
  void moreThanAHundredHeadersIsAJsonError() {
    String[] headers =
        IntStream.range(0, 120).mapToObj(i -> "X-H" + i + ": " + i).toArray(String[]::new);

    RawHttp.Reply reply = get("/v1/schema", headers);

    assertThat(reply.status()).isEqualTo(400);
    ErrorContract.check(reply);
  }

  @Test
  void unknownPathsAndWrongMethodsAreJsonErrors() {
    ErrorContract.check(api().get("/nothing/here"));
    ApiClient.Response wrongMethod =
        api().send(api().request("/v1/events").PUT(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.raw().headers().firstValue("Allow")).contains("POST");
    ErrorContract.check(wrongMethod);
    ApiClient.Response put =
        api().send(api().request("/v1/users/u").PUT(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(put.status()).isEqualTo(405);
    ErrorContract.check(put);
  }

  @Test
  void theLinksAndTheOutboxFeedbackAnswerErrorsInTheSameBody() {
    ApiClient.Response badLink =
        api().get("/v1/l/t1.bm8tc3VjaA.AAAAAAAAAAAAAAAAAAAAAA/click?u=https://example.com/");
    assertThat(badLink.status()).isEqualTo(404);
    ErrorContract.check(badLink);
    ApiClient.Response wrongLinkMethod = api().send(api().request("/v1/l/x.y.z/open").DELETE());
    assertThat(wrongLinkMethod.status()).isEqualTo(405);
    ErrorContract.check(wrongLinkMethod);
    ApiClient.Response feedbackByGet = api().get("/v1/outbox/some-id/open");
    assertThat(feedbackByGet.status()).isEqualTo(405);
    ErrorContract.check(feedbackByGet);
    ApiClient.Response feedbackWithoutKey =
        new ApiClient("http://localhost:" + port, null).post("/v1/outbox/some-id/open");
    assertThat(feedbackWithoutKey.status()).isEqualTo(401);
    ErrorContract.check(feedbackWithoutKey);
  }

  @Test
  void aBodyShorterThanItsContentLengthIsAJsonError() {
    byte[] half =
        "{\"messageId\":\"t-1\",\"type\":\"feature_used\"".getBytes(StandardCharsets.UTF_8);

    RawHttp.Reply reply =
        RawHttp.send(port, postHead("Content-Length: 200"), half, true, Duration.ofSeconds(10));

    // Tomcat marks the request failed as it hits the end: its error page (ours) may answer first
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("error").get("code").asString())
        .isIn("truncated_body", "bad_request");
    ErrorContract.check(reply);
  }

  @Test
  void aBrokenChunkSizeIsAJsonError() {
    byte[] body = "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    RawHttp.Reply reply = RawHttp.send(port, postHead("Transfer-Encoding: chunked"), body);

    assertThat(reply.status()).isEqualTo(400);
    ErrorContract.check(reply);
  }

  @Test
  void aStalledUploadIsAnsweredWithinTheConnectionTimeout() {
    byte[] part = "{\"messageId\":".getBytes(StandardCharsets.UTF_8);
    Instant start = Instant.now();

    RawHttp.Reply reply =
        RawHttp.send(port, postHead("Content-Length: 500"), part, false, Duration.ofSeconds(15));

    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
    assertThat(reply.status()).isEqualTo(408);
    ErrorContract.check(reply);
  }

  @Test
  void aGzippedBatchIsAcceptedOverHttp() throws Exception {
    String batch =
        IntStream.range(0, 3)
            .mapToObj(
                i ->
                    "{\"messageId\":\"gz-http-"
                        + i
                        + "\",\"type\":\"feature_used\",\"userId\":\"gz\"}")
            .collect(Collectors.joining(",", "{\"batch\":[", "]}"));
    var bytes = new java.io.ByteArrayOutputStream();
    try (var gz = new java.util.zip.GZIPOutputStream(bytes)) {
      gz.write(batch.getBytes(StandardCharsets.UTF_8));
    }

    ApiClient.Response r =
        api()
            .send(
                api()
                    .request("/v1/events")
                    .header("Content-Type", "application/json")
                    .header("Content-Encoding", "gzip")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray())));

    assertThat(r.status()).isEqualTo(202);
    assertThat(r.json().get("accepted").asInt()).isEqualTo(3);
  }

  @Test
  void adminCallsNeedTheAdminTokenNotAnApiKey() {
    ApiClient.Response none = new ApiClient("http://localhost:" + port, null).get("/admin/clock");
    ApiClient.Response apiKey = api().get("/admin/clock");
    ApiClient.Response wrong =
        new ApiClient("http://localhost:" + port, "uwa_not_the_admin_token").get("/admin/bus");

    for (ApiClient.Response refused : List.of(apiKey, wrong)) {
      assertThat(refused.status()).isEqualTo(401);
      ErrorContract.check(refused);
    }
    assertThat(apiKey.json().get("error").get("code").asString()).isEqualTo("invalid_admin_token");
    assertThat(none.status()).isEqualTo(401);
    assertThat(
            new ApiClient("http://localhost:" + port, ApiClient.ADMIN_TOKEN)
                .get("/admin/clock")
                .status())
        .isEqualTo(200);
  }

  @Test
  void adminMistakesAre400WithTheField() {
    ApiClient.Response noBy = api().adminPost("/admin/clock/advance");
    ApiClient.Response badBy = api().adminPost("/admin/clock/advance?by=soon");

    assertThat(noBy.status()).isEqualTo(400);
    ErrorContract.check(noBy);
    JsonNode error = noBy.json().get("error");
    assertThat(error.get("code").asString()).isEqualTo("missing_parameter");
    assertThat(error.get("field").asString()).isEqualTo("by");
    assertThat(badBy.status()).isEqualTo(400);
    assertThat(badBy.json().get("error").get("field").asString()).isEqualTo("by");
  }
}
