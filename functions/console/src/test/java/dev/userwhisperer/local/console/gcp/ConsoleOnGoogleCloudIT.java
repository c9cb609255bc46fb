package dev.userwhisperer.local.console.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.cloud.firestore.Firestore;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.App;
import dev.userwhisperer.core.port.AppStore;
import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.profile.ConsentRecord;
import dev.userwhisperer.core.profile.ConsentSource;
import dev.userwhisperer.core.profile.LifecycleStage;
import dev.userwhisperer.core.testing.Decisions;
import dev.userwhisperer.core.testing.OutboundMessages;
import dev.userwhisperer.core.testing.Profiles;
import dev.userwhisperer.gcp.FakeGcsBucket;
import dev.userwhisperer.gcp.FirestoreEmulator;
import dev.userwhisperer.gcp.GcpEmulators;
import dev.userwhisperer.gcp.SentMessagesFixture;
import dev.userwhisperer.models.ModelExport;
import dev.userwhisperer.models.effect.ModelDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
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
 * Firestore the emulator, the model bucket a fake of Cloud Storage's JSON API, IAP's keys a JWK set
 * served by a stub, and each request carries an assertion signed with a key made here, as IAP would
 * sign it.
 */
@ExtendWith(GcpEmulators.class)
@SpringBootTest(
    classes = ConsoleOnGoogleCloud.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleOnGoogleCloudIT {
  static final String AUDIENCE = "/projects/42/locations/europe-west1/services/console";
  static final String QUERIES = "/bigquery/v2/projects/%s/queries";
  static final FakeGcsBucket MODELS = new FakeGcsBucket("console-models");
  static final WireMockServer STUB = new WireMockServer(options().dynamicPort().extensions(MODELS));
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
    STUB.stubFor(
        any(urlPathMatching("/(upload/)?storage/v1/.*"))
            .willReturn(aResponse().withTransformers(MODELS.getName())));
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
    STUB.stubFor(
        post(urlPathEqualTo(queries))
            .withRequestBody(containing("SELECT e.type, e.event_time"))
            .willReturn(
                okJson(
                    answer(
                        "type:STRING,event_time:TIMESTAMP,received_at:TIMESTAMP,message_id:STRING,"
                            + "properties:STRING",
                        "{\"f\": [{\"v\": \"feature_used\"}, {\"v\": \"1.7650656E9\"},"
                            + " {\"v\": \"1.7650656E9\"}, {\"v\": \"m-ada-1\"},"
                            + " {\"v\": \"{}\"}]}"))));
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
    registry.add("whisperer.models-bucket", () -> "gs://console-models");
    registry.add("whisperer.storage-host", STUB::baseUrl);
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
  @Autowired ProfileStore profiles;
  @Autowired DecisionLog decisions;
  @Autowired Firestore firestore;
  @Autowired ModelDirectory models;
  @Autowired ConsentTrail consent;

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

  /** A user with a decision that sent an e-mail, as the functions leave them in Firestore. */
  private OutboundMessage adaWasSentAWelcome() {
    apps.create(new App("shop", "The shop", Instant.parse("2026-12-01T00:00:00Z"), null));
    profiles.update(
        "shop",
        "ada",
        p -> Profiles.user("ada").app("shop").lifecycle(LifecycleStage.ACTIVATED).build());
    Decision decision =
        Decisions.decision("d-ada-1")
            .app("shop")
            .user("ada")
            .intervention("welcome")
            .candidates(
                List.of(new Decision.Candidate("welcome", 0.03, "table", null, 0.01, 0.035, 0.9)))
            .at(Instant.parse("2026-12-06T10:00:00Z"))
            .build();
    decisions.record(decision);
    OutboundMessage message = OutboundMessages.emailOf(decision, "Welcome to the shop");
    SentMessagesFixture.record(
        firestore, message, "dry_run", Instant.parse("2026-12-06T10:00:01Z"));
    return message;
  }

  @Test
  void theUserPageShowsTheProfileDecisionsAndMessagesFromFirestoreAndEventsFromBigQuery()
      throws Exception {
    adaWasSentAWelcome();

    var user = open("/console/apps/shop/users/ada", assertion());

    assertThat(user.statusCode()).isEqualTo(200);
    assertThat(user.body())
        .contains("<span class=\"figure\" id=\"lifecycle\">ACTIVATED</span>")
        .contains("<table id=\"decisions\">")
        .contains("eligible")
        .contains(
            "<tr class=\"chosen\"><td>welcome</td><td>+3.0 ± 1.0 pp</td><td>90%</td>"
                + "<td>+3.5 pp</td><td>table</td></tr>")
        .contains("<table id=\"user-messages\">")
        .contains("Welcome to the shop")
        .contains("dry_run")
        .contains("feature_used");
    assertThat(open("/console/apps/shop/users?q=ada", assertion()).statusCode()).isEqualTo(302);
  }

  @Test
  void theMessagesPageListsSentMessagesAndPreviewsOne() throws Exception {
    OutboundMessage message = adaWasSentAWelcome();

    var list = open("/console/apps/shop/messages", assertion());
    var preview =
        open("/console/apps/shop/messages/" + message.outboundId() + "/preview", assertion());
    var html = open("/console/apps/shop/messages/" + message.outboundId() + "/html", assertion());

    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("<table id=\"messages\">").contains("Welcome to the shop");
    assertThat(preview.statusCode()).isEqualTo(200);
    assertThat(preview.body()).contains("ada@example.com").contains("dry_run");
    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.body()).contains("glad you are here");
    assertThat(open("/console/apps/shop/messages/nope/preview", assertion()).statusCode())
        .isEqualTo(404);
  }

  @Test
  void theMessagesAndUserPagesShowTheOpensAndClicksTheFeedbackFunctionRecorded() throws Exception {
    OutboundMessage message = adaWasSentAWelcome();
    SentMessagesFixture.progress(
        firestore, message.outboundId(), "opened", Instant.parse("2026-12-06T11:00:00Z"));

    var opened = open("/console/apps/shop/messages", assertion());
    SentMessagesFixture.progress(
        firestore, message.outboundId(), "clicked", Instant.parse("2026-12-06T11:01:00Z"));
    var user = open("/console/apps/shop/users/ada", assertion());
    var preview =
        open("/console/apps/shop/messages/" + message.outboundId() + "/preview", assertion());

    assertThat(opened.body()).contains("<span class=\"status opened\">opened</span>");
    assertThat(user.body()).contains("<span class=\"status clicked\">clicked</span>");
    assertThat(preview.body()).contains("<dd>clicked</dd>");
  }

  @Test
  void theModelsPageShowsTheCardsInTheModelBucket() throws Exception {
    apps.create(new App("shop", "The shop", Instant.parse("2026-12-01T00:00:00Z"), null));
    Path version = Files.createTempDirectory("churn-version");
    Files.writeString(
        version.resolve(ModelExport.METADATA_FILE),
        """
        {"version": "churn-2026-12-06", "trained_at": "2026-12-06T03:00:00Z",
         "training": {"training_rows": 4200}, "held_out_metrics": {"auc": 0.71}}""");
    ModelDirectory.Slot churn = ModelDirectory.Slot.churn("shop");
    models.writeVersion(churn, "churn-2026-12-06", version);
    models.writeVersionFile(
        churn,
        "churn-2026-12-06",
        "promotion.json",
        """
        {"promoted": false, "reason": "not_better", "detail": "AUC 0.71 under the live 0.74"}"""
            .getBytes(StandardCharsets.UTF_8));
    models.recordTraining(
        new ModelDirectory.Slot("shop", "win_back"),
        """
        {"attempted_at": "2026-12-06T03:00:00Z", "status": "skipped", "reason": "too_few_rows",
         "detail": "12 treated rows, 200 needed"}"""
            .getBytes(StandardCharsets.UTF_8));

    var page = open("/console/apps/shop/models", assertion());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("churn-2026-12-06")
        .contains("4200")
        .contains("not_better: AUC 0.71 under the live 0.74")
        .contains("win_back")
        .contains("12 treated rows, 200 needed");
  }

  @Test
  void theUserPageShowsWhatWasDecidedAndStatedUnderTheAnonymousIdAnAliasMergedIn()
      throws Exception {
    adaWasSentAWelcome();
    profiles.update("shop", "anon:device-9", p -> p.markedMergedInto("ada"));
    decisions.record(
        Decisions.decision("d-device-9")
            .app("shop")
            .user("anon:device-9")
            .intervention("onboarding_tip")
            .at(Instant.parse("2026-12-05T09:00:00Z"))
            .build());
    consent.append(
        List.of(
            new ConsentRecord(
                ConsentRecord.idOf("e-device-9", Channel.PUSH),
                "shop",
                "anon:device-9",
                Channel.PUSH,
                true,
                ConsentSource.IDENTIFY,
                "consent",
                Instant.parse("2026-12-05T08:59:00Z"),
                "e-device-9")));

    var user = open("/console/apps/shop/users/ada", assertion());

    assertThat(user.statusCode()).isEqualTo(200);
    assertThat(user.body())
        .contains("id=\"merged\"")
        .contains("onboarding_tip")
        .contains("<td>anon:device-9</td>")
        .contains("<table id=\"consent\">")
        .contains("<td>push</td>");
  }
}
