package dev.userwhisperer.local.console.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.userwhisperer.core.port.App;
import dev.userwhisperer.core.port.AppStore;
import dev.userwhisperer.gcp.FirestoreEmulator;
import dev.userwhisperer.gcp.GcpEmulators;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console alone, as its container runs it on Cloud Run: BigQuery is a stub of its REST API,
 * Firestore the emulator, IAP's keys a JWK set served by a stub, and each request carries an
 * assertion signed with a key made here, as IAP would sign it.
 */
@ExtendWith(GcpEmulators.class)
@SpringBootTest(
    classes = ConsoleOnGoogleCloud.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleOnGoogleCloudIT {
  static final String AUDIENCE = "/projects/42/locations/europe-west1/services/console";
  static final String QUERIES = "/bigquery/v2/projects/%s/queries";
  static final WireMockServer STUB = new WireMockServer(options().dynamicPort());
  static final AtomicReference<String> FIRESTORE = new AtomicReference<>();
  static final String PROJECT = "console-it-" + ProcessHandle.current().pid();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static ECKey iapKey;

  @BeforeAll
  static void start(FirestoreEmulator firestore) throws Exception {
    FIRESTORE.set(firestore.hostPort());
    STUB.start();
    iapKey = new ECKeyGenerator(Curve.P_256).keyID("iap-1").generate();
    STUB.stubFor(
        get(urlPathEqualTo("/iap/keys"))
            .willReturn(okJson(new JWKSet(iapKey.toPublicJWK()).toString())));
    String queries = QUERIES.formatted(PROJECT);
    STUB.stubFor(post(urlPathEqualTo(queries)).willReturn(okJson(answer("n:INTEGER", ""))));
    STUB.stubFor(
        post(urlPathEqualTo(queries))
            .withRequestBody(containing("COUNT(DISTINCT received.message_id) AS n"))
            .willReturn(okJson(answer("n:INTEGER", "{\"f\": [{\"v\": \"1234\"}]}"))));
    STUB.stubFor(
        post(urlPathEqualTo(queries))
            .withRequestBody(containing("active_users_daily"))
            .willReturn(
                okJson(
                    answer(
                        "event_date:DATE,daily_active_users:INTEGER,weekly_active_users:INTEGER",
                        "{\"f\": [{\"v\": \"2026-12-06\"}, {\"v\": \"321\"}, {\"v\": \"654\"}]}"))));
  }

  @AfterAll
  static void stop() {
    STUB.stop();
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("whisperer.console.auth", () -> "iap");
    registry.add("whisperer.console.iap-audience", () -> AUDIENCE);
    registry.add("whisperer.console.iap-keys", () -> STUB.baseUrl() + "/iap/keys");
    registry.add("whisperer.gcp-project", () -> PROJECT);
    registry.add("whisperer.bigquery-dataset", () -> "whisperer");
    registry.add("whisperer.bigquery-host", STUB::baseUrl);
    registry.add("whisperer.firestore-emulator-host", FIRESTORE::get);
  }

  static String answer(String fields, String row) {
    StringBuilder schema = new StringBuilder();
    for (String f : fields.split(",")) {
      String[] nameType = f.split(":");
      schema
          .append(schema.isEmpty() ? "" : ", ")
          .append("{\"name\": \"%s\", \"type\": \"%s\"}".formatted(nameType[0], nameType[1]));
    }
    return """
        {"kind": "bigquery#queryResponse",
         "jobReference": {"projectId": "p", "jobId": "j", "location": "EU"},
         "jobComplete": true, "totalRows": "%d", "schema": {"fields": [%s]}, "rows": [%s]}
        """
        .formatted(row.isEmpty() ? 0 : 1, schema, row);
  }

  @LocalServerPort int port;
  @Autowired AppStore apps;

  private HttpResponse<String> open(String path, String assertion) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (assertion != null) {
      request.header("x-goog-iap-jwt-assertion", assertion);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String assertion() throws Exception {
    Instant now = Instant.now();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("iap-1").build(),
            new JWTClaimsSet.Builder()
                .issuer("https://cloud.google.com/iap")
                .audience(AUDIENCE)
                .subject("accounts.google.com:1")
                .claim("email", "ana@example.com")
                .issueTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .build());
    jwt.sign(new ECDSASigner(iapKey));
    return jwt.serialize();
  }

  @Test
  void theOverviewShowsTheAppsFromFirestoreAndTheFiguresFromBigQuery() throws Exception {
    apps.create(new App("shop", "The shop", Instant.parse("2026-12-01T00:00:00Z"), null));

    var overview = open("/console/apps/shop", assertion());

    assertThat(overview.statusCode()).isEqualTo(200);
    assertThat(overview.body())
        .contains("<option value=\"shop\" selected>")
        .contains("<span class=\"figure\" id=\"events-last-day\">1234</span>")
        .contains("<span class=\"figure\" id=\"daily-active\">321</span>")
        .contains("<span class=\"figure\" id=\"weekly-active\">654</span>");
  }

  @Test
  void withoutIapsAssertionNothingIsShown() throws Exception {
    assertThat(open("/console/apps/shop", null).statusCode()).isEqualTo(401);
    assertThat(open("/console/apps/shop/config", "not-a-jwt").statusCode()).isEqualTo(401);
  }

  @Test
  void theStartupProbeIsAnswered() throws Exception {
    assertThat(open("/console/login", null).statusCode()).isEqualTo(302);
  }

  @Test
  void theConfigurationPageReadsTheAppsConfigurationFromFirestore() throws Exception {
    apps.create(new App("shop", "The shop", Instant.parse("2026-12-01T00:00:00Z"), null));

    var config = open("/console/apps/shop/config", assertion());

    assertThat(config.statusCode()).isEqualTo(200);
    assertThat(config.body()).contains("Validate and save");
  }
}
