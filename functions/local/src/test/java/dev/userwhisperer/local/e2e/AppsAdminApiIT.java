package dev.userwhisperer.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.port.ApiKey;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The apps-and-keys admin API over real HTTP, and every key-authenticated endpoint against every
 * kind of key: a write key, a secret key, a key restricted to exactly the endpoint's scope, and one
 * holding every scope but that one. The admin API is on without {@code whisperer.admin-enabled}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"whisperer.admin-token=" + ApiClient.ADMIN_TOKEN})
class AppsAdminApiIT {
  private static final String APP = "scoped";

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("whisperer.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;

  /** An endpoint that takes an app's key, the scope it needs, and how to call it. */
  record Endpoint(String method, String path, String scope, String body, boolean basicAuth) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  private static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint("POST", "/v1/events", ApiKey.EVENTS_WRITE, event("e1"), false),
          new Endpoint("POST", "/v1/track", ApiKey.EVENTS_WRITE, track("t1"), true),
          new Endpoint(
              "POST", "/v1/batch", ApiKey.EVENTS_WRITE, "{\"batch\":[" + track("b1") + "]}", true),
          new Endpoint("POST", "/v1/outbox/unknown-message/open", ApiKey.EVENTS_WRITE, "", false),
          new Endpoint("GET", "/v1/users/u-1", ApiKey.PROFILES_READ, null, false),
          new Endpoint("GET", "/v1/users/u-1/export", ApiKey.PROFILES_READ, null, false),
          new Endpoint("GET", "/v1/models", ApiKey.PROFILES_READ, null, false),
          new Endpoint("GET", "/v1/outbox", ApiKey.OUTBOX_READ, null, false),
          new Endpoint("GET", "/v1/quarantine", ApiKey.QUARANTINE_READ, null, false),
          new Endpoint("GET", "/v1/apps/" + APP + "/config", ApiKey.CONFIG_READ, null, false),
          new Endpoint(
              "GET", "/v1/apps/" + APP + "/config/versions", ApiKey.CONFIG_READ, null, false),
          new Endpoint(
              "POST",
              "/v1/apps/" + APP + "/preview",
              ApiKey.CONFIG_READ,
              "{\"userId\":\"u-1\",\"intervention\":\"winback\",\"channel\":\"email\"}",
              false),
          new Endpoint("PUT", "/v1/apps/" + APP + "/config", ApiKey.CONFIG_WRITE, "{}", false));

  private static String event(String id) {
    return "{\"messageId\":\"" + id + "\",\"type\":\"feature_used\",\"userId\":\"u-1\"}";
  }

  private static String track(String id) {
    return "{\"type\":\"track\",\"messageId\":\""
        + id
        + "\",\"userId\":\"u-1\",\"event\":\"Did It\"}";
  }

  private ApiClient admin() {
    return new ApiClient("http://localhost:" + port, ApiClient.ADMIN_TOKEN);
  }

  private ApiClient.Response adminJson(String method, String path, String json) {
    return admin()
        .send(
            admin()
                .request(path)
                .header("Content-Type", "application/json")
                .header("X-Actor", "ops team")
                .method(method, HttpRequest.BodyPublishers.ofString(json)));
  }

  private static String writeKey;
  private static String secretKey;

  /** Once for the class: the context, and so the data directory, is shared by its tests. */
  @BeforeEach
  void createTheAppAndItsKeys() {
    if (writeKey != null) {
      return;
    }
    ApiClient.Response app =
        adminJson("POST", "/admin/apps", "{\"appId\":\"" + APP + "\",\"name\":\"Scoped\"}");
    assertThat(app.status()).as(app.body()).isEqualTo(201);
    OpenApiResponses.check("/admin/apps", "post", 201, app.json());
    writeKey = issue("{\"kind\":\"write\",\"name\":\"ios\"}");
    secretKey = issue("{\"kind\":\"secret\"}");
  }

  private String issue(String body) {
    ApiClient.Response r = adminJson("POST", "/admin/apps/" + APP + "/keys", body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    OpenApiResponses.check("/admin/apps/{appId}/keys", "post", 201, r.json());
    return r.json().get("key").asString();
  }

  private static String restrictedTo(Set<String> scopes) {
    return "{\"kind\":\"restricted\",\"scopes\":["
        + String.join(",", scopes.stream().map(s -> "\"" + s + "\"").toList())
        + "]}";
  }

  private ApiClient.Response call(Endpoint e, String key) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + e.path()))
            .timeout(Duration.ofSeconds(30))
            .header(
                "Authorization",
                e.basicAuth()
                    ? "Basic "
                        + Base64.getEncoder()
                            .encodeToString((key + ":").getBytes(StandardCharsets.UTF_8))
                    : "Bearer " + key)
            .header("Content-Type", "application/json")
            .method(
                e.method(),
                e.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(e.body()));
    return admin().send(request);
  }

  @Test
  void everyEndpointAnswersEachKindOfKeyByItsScope() {
    List<String> failures = new ArrayList<>();
    for (Endpoint e : ENDPOINTS) {
      Set<String> allButThis = new TreeSet<>(ApiKey.ALL_SCOPES);
      allButThis.remove(e.scope());
      String exactly = issue(restrictedTo(Set.of(e.scope())));
      String allOthers = issue(restrictedTo(allButThis));
      boolean writeAllowed = e.scope().equals(ApiKey.EVENTS_WRITE);
      check(failures, e, "write key", writeKey, writeAllowed);
      check(failures, e, "secret key", secretKey, true);
      check(failures, e, "restricted to " + e.scope(), exactly, true);
      check(failures, e, "every scope but " + e.scope(), allOthers, false);
    }
    assertThat(failures).isEmpty();
  }

  private void check(List<String> failures, Endpoint e, String who, String key, boolean allowed) {
    ApiClient.Response r = call(e, key);
    boolean refused = r.status() == 403 && r.body().contains("\"insufficient_scope\"");
    if (allowed == refused || r.status() == 401 || r.status() >= 500) {
      failures.add(e + " with a " + who + ": " + r.status() + " " + r.body());
    }
  }

  @Test
  void theAdminApiNeedsTheAdminTokenAndAnAppKeyDoesNotOpenIt() {
    ApiClient none = new ApiClient("http://localhost:" + port, null);
    assertThat(none.get("/admin/apps").json().at("/error/code").asString())
        .isEqualTo("missing_admin_token");
    ApiClient.Response withKey =
        new ApiClient("http://localhost:" + port, secretKey).get("/admin/apps");
    assertThat(withKey.status()).isEqualTo(401);
    assertThat(withKey.json().at("/error/code").asString()).isEqualTo("invalid_admin_token");
    // the operator controls stay absent without whisperer.admin-enabled
    assertThat(admin().adminPost("/admin/sweep").status()).isEqualTo(404);
  }

  @Test
  void aRotatedKeyKeepsWorkingThroughItsOverlapAndARevokedOneStopsAtOnce() {
    ApiClient.Response created =
        adminJson("POST", "/admin/apps/" + APP + "/keys", "{\"kind\":\"write\",\"name\":\"web\"}");
    String old = created.json().get("key").asString();
    String keyId = created.json().at("/apiKey/keyId").asString();

    ApiClient.Response rotated =
        adminJson(
            "POST", "/admin/apps/" + APP + "/keys/" + keyId + "/rotate", "{\"overlap\":\"PT1H\"}");
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
    OpenApiResponses.check("/admin/apps/{appId}/keys/{keyId}/rotate", "post", 201, rotated.json());
    String successor = rotated.json().get("key").asString();
    assertThat(new ApiClient("http://localhost:" + port, old).postEvents(event("r1")).status())
        .isEqualTo(202);
    assertThat(
            new ApiClient("http://localhost:" + port, successor).postEvents(event("r2")).status())
        .isEqualTo(202);

    ApiClient.Response listed = admin().get("/admin/apps/" + APP + "/keys");
    OpenApiResponses.check("/admin/apps/{appId}/keys", "get", 200, listed.json());
    assertThat(statusOf(listed.json(), keyId)).isEqualTo("expiring");
    assertThat(listed.body()).doesNotContain(old).doesNotContain(successor);

    ApiClient.Response revoked =
        adminJson("POST", "/admin/apps/" + APP + "/keys/" + keyId + "/revoke", "");
    assertThat(revoked.status()).isEqualTo(200);
    ApiClient.Response refused =
        new ApiClient("http://localhost:" + port, old).postEvents(event("r3"));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().at("/error/code").asString()).isEqualTo("api_key_revoked");

    ApiClient.Response audit = admin().get("/admin/audit?appId=" + APP + "&limit=2");
    OpenApiResponses.check("/admin/audit", "get", 200, audit.json());
    JsonNode newest = audit.json().get("entries").get(0);
    assertThat(newest.get("action").asString()).isEqualTo("key.revoke");
    assertThat(newest.get("actor").asString()).isEqualTo("admin-token:ops team");
    assertThat(newest.get("keyId").asString()).isEqualTo(keyId);
    assertThat(audit.json().get("entries").get(1).get("action").asString()).isEqualTo("key.rotate");
    assertThat(audit.body()).doesNotContain(old).doesNotContain(successor);
  }

  private static String statusOf(JsonNode listed, String keyId) {
    for (JsonNode key : listed.get("keys")) {
      if (key.get("keyId").asString().equals(keyId)) {
        return key.get("status").asString();
      }
    }
    return null;
  }

  @Test
  void badAdminRequestsAreAnsweredWithCodeAndField() {
    ApiClient.Response bad = adminJson("POST", "/admin/apps", "{\"appId\":\"Not Valid\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().at("/error/field").asString()).isEqualTo("/appId");
    ApiClient.Response taken = adminJson("POST", "/admin/apps", "{\"appId\":\"" + APP + "\"}");
    assertThat(taken.status()).isEqualTo(409);
    ApiClient.Response scope =
        adminJson(
            "POST",
            "/admin/apps/" + APP + "/keys",
            "{\"kind\":\"restricted\",\"scopes\":[\"admin\"]}");
    assertThat(scope.json().at("/error/code").asString()).isEqualTo("unknown_scope");
    assertThat(scope.json().at("/error/field").asString()).isEqualTo("/scopes/0");
    assertThat(admin().get("/admin/apps/nope/keys").status()).isEqualTo(404);
    ApiClient.Response actor =
        admin()
            .send(
                admin()
                    .request("/admin/apps/" + APP + "/archive")
                    .header("X-Actor", "<script>")
                    .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(actor.json().at("/error/field").asString()).isEqualTo("X-Actor");
  }

  @Test
  void theDemoAppIsListedBesideTheCreatedOne() {
    ApiClient.Response apps = admin().get("/admin/apps");
    OpenApiResponses.check("/admin/apps", "get", 200, apps.json());
    List<String> ids = new ArrayList<>();
    apps.json().get("apps").forEach(a -> ids.add(a.get("appId").asString()));
    assertThat(ids).contains("demo", APP);
  }
}
