package dev.userwhisperer.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.pubsub.v1.PubsubMessage;
import dev.userwhisperer.core.appconfig.BuiltInAppConfig;
import dev.userwhisperer.core.ingest.ApiKeys;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.Provenance;
import dev.userwhisperer.core.message.Topics;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.ArmOutcomes;
import dev.userwhisperer.core.port.EffectSpread;
import dev.userwhisperer.core.port.UpliftCell;
import dev.userwhisperer.core.port.UpliftTable;
import dev.userwhisperer.core.profile.ConsentSource;
import dev.userwhisperer.core.testing.IngestFixture;
import dev.userwhisperer.core.testing.OutboundMessages;
import dev.userwhisperer.core.testing.PersonalDataFixture;
import dev.userwhisperer.core.testing.Profiles;
import dev.userwhisperer.core.testing.TestLinkTokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ingest, feedback, sweep, learn and appconfig deployed as {@link HttpEntryPoint}, on the
 * emulators.
 */
@ExtendWith(GcpEmulators.class)
class HttpEntryPointIT {
  private static final String APP = "app-http";
  private static final Instant NOON = Instant.parse("2026-11-26T12:00:00Z");

  private final FunctionsFixture fixture;

  HttpEntryPointIT(PubSubEmulator pubSub, FirestoreEmulator firestore) {
    fixture = FunctionsFixture.start(pubSub, firestore);
  }

  @Test
  void ingestAcceptsABatchWithAValidKeyAndPublishesItToTheEventsTopic() throws Exception {
    String key = ApiKeys.generate(new Random(7));
    GcpAdapters.apiKeyStore(fixture.firestore)
        .save(new ApiKey(ApiKeys.hash(key), APP, Set.of(ApiKey.EVENTS_WRITE), NOON, null));
    FakeHttp.Response response = new FakeHttp.Response();

    new HttpEntryPoint("ingest")
        .service(
            FakeHttp.request(
                "POST",
                "/v1/events",
                Map.of("Authorization", "Bearer " + key, "Content-Type", "application/json"),
                IngestFixture.batch(IngestFixture.event("http-1", "ingested"))
                    .getBytes(StandardCharsets.UTF_8)),
            response);

    assertThat(response.status).as(response.bodyText()).isEqualTo(202);
    assertThat(response.contentType).isEqualTo("application/json");
    assertThat(Json.tree(response.body.toByteArray()).path("accepted").asInt()).isEqualTo(1);
    PubsubMessage published =
        fixture.awaitMessage(Topics.EVENTS, FunctionsFixture.forKey(APP + "/ingested"));
    assertThat(Json.decode(published.getData().toByteArray(), UserEventBatch.class).events())
        .extracting(e -> e.messageId())
        .containsExactly("http-1");
  }

  @Test
  void ingestServesSegmentsTrackWithTheWriteKeyAsBasicUserName() throws Exception {
    String key = ApiKeys.generate(new Random(9));
    GcpAdapters.apiKeyStore(fixture.firestore)
        .save(new ApiKey(ApiKeys.hash(key), APP, Set.of(ApiKey.EVENTS_WRITE), NOON, null));
    FakeHttp.Response response = new FakeHttp.Response();
    String basic =
        java.util.Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));

    new HttpEntryPoint("ingest")
        .service(
            FakeHttp.request(
                "POST",
                "/v1/track",
                Map.of("Authorization", "Basic " + basic, "Content-Type", "application/json"),
                "{\"messageId\":\"seg-1\",\"userId\":\"segmented\",\"event\":\"Plan Chosen\"}"
                    .getBytes(StandardCharsets.UTF_8)),
            response);

    assertThat(response.status).as(response.bodyText()).isEqualTo(200);
    assertThat(Json.tree(response.body.toByteArray()).path("success").asBoolean()).isTrue();
    PubsubMessage published =
        fixture.awaitMessage(Topics.EVENTS, FunctionsFixture.forKey(APP + "/segmented"));
    assertThat(Json.decode(published.getData().toByteArray(), UserEventBatch.class).events())
        .extracting(e -> e.type())
        .containsExactly("plan_chosen");
  }

  private static FakeHttp.Response admin(String method, String path, String body, String token)
      throws Exception {
    FakeHttp.Response response = new FakeHttp.Response();
    new HttpEntryPoint("admin")
        .service(
            FakeHttp.request(
                method,
                path,
                token == null
                    ? Map.of("Content-Type", "application/json")
                    : Map.of(
                        "Authorization",
                        "Bearer " + token,
                        "Content-Type",
                        "application/json",
                        "X-Actor",
                        "ops"),
                body.getBytes(StandardCharsets.UTF_8)),
            response);
    return response;
  }

  @Test
  void theAdminFunctionIssuesAKeyThatTheIngestFunctionTakesAndRecordsIt() throws Exception {
    String token = FunctionsFixture.ADMIN_TOKEN;
    assertThat(admin("GET", "/admin/apps", "", null).status).isEqualTo(401);
    assertThat(admin("GET", "/admin/apps", "", "uwa_not_the_token_at_all").bodyText())
        .contains("invalid_admin_token");

    FakeHttp.Response app = admin("POST", "/admin/apps", "{\"appId\":\"fn-admin\"}", token);
    assertThat(app.status).as(app.bodyText()).isEqualTo(201);
    FakeHttp.Response issued =
        admin("POST", "/admin/apps/fn-admin/keys", "{\"kind\":\"write\"}", token);
    assertThat(issued.status).as(issued.bodyText()).isEqualTo(201);
    String key = Json.tree(issued.body.toByteArray()).get("key").asString();

    FakeHttp.Response ingested = new FakeHttp.Response();
    new HttpEntryPoint("ingest")
        .service(
            FakeHttp.request(
                "POST",
                "/v1/events",
                Map.of("Authorization", "Bearer " + key, "Content-Type", "application/json"),
                IngestFixture.event("fn-admin-1", "admin-made").getBytes(StandardCharsets.UTF_8)),
            ingested);
    assertThat(ingested.status).as(ingested.bodyText()).isEqualTo(202);

    FakeHttp.Response audit = admin("GET", "/admin/audit?appId=fn-admin", "", token);
    assertThat(audit.bodyText()).contains("key.create").contains("admin-token:ops");
    assertThat(audit.bodyText()).doesNotContain(key);
    assertThat(admin("DELETE", "/admin/apps", "", token).status).isEqualTo(405);
    assertThat(admin("GET", "/admin/nothing", "", token).status).isEqualTo(404);
  }

  @Test
  void ingestRefusesARequestWithoutAKeyWithTheApiErrorBody() throws Exception {
    FakeHttp.Response response = new FakeHttp.Response();

    new HttpEntryPoint("ingest")
        .service(
            FakeHttp.request(
                "POST",
                "/v1/events",
                Map.of("Content-Type", "application/json"),
                "{}".getBytes(StandardCharsets.UTF_8)),
            response);

    assertThat(response.status).isEqualTo(401);
    assertThat(Json.tree(response.body.toByteArray()).path("error").path("code").asString())
        .isNotBlank();
  }

  @Test
  void anUnknownPathIsNotFoundInTheApiErrorShape() throws Exception {
    FakeHttp.Response response = new FakeHttp.Response();

    new HttpEntryPoint("ingest")
        .service(FakeHttp.request("POST", "/v1/nothing", Map.of(), new byte[0]), response);

    assertThat(response.status).isEqualTo(404);
    assertThat(response.bodyText()).contains("\"code\":\"not_found\"");
  }

  @Test
  void ingestAnswersOtherMethodsWith405AndTheAllowedOne() throws Exception {
    FakeHttp.Response response = new FakeHttp.Response();

    new HttpEntryPoint("ingest")
        .service(FakeHttp.request("GET", "/v1/events", Map.of(), new byte[0]), response);

    assertThat(response.status).isEqualTo(405);
    assertThat(response.headers).containsEntry("Allow", List.of("POST"));
    assertThat(response.bodyText()).contains("\"code\":\"method_not_allowed\"");
  }

  @Test
  void ingestTakesAGzippedBatchAndRefusesAPlainBodyLabelledGzip() throws Exception {
    String key = ApiKeys.generate(new Random(8));
    GcpAdapters.apiKeyStore(fixture.firestore)
        .save(new ApiKey(ApiKeys.hash(key), APP, Set.of(ApiKey.EVENTS_WRITE), NOON, null));
    byte[] plain =
        IngestFixture.batch(IngestFixture.event("http-gz-1", "zipped"))
            .getBytes(StandardCharsets.UTF_8);
    var zipped = new java.io.ByteArrayOutputStream();
    try (var gz = new java.util.zip.GZIPOutputStream(zipped)) {
      gz.write(plain);
    }
    Map<String, String> headers =
        Map.of(
            "Authorization",
            "Bearer " + key,
            "Content-Type",
            "application/json",
            "Content-Encoding",
            "gzip");
    FakeHttp.Response accepted = new FakeHttp.Response();
    FakeHttp.Response refused = new FakeHttp.Response();

    new HttpEntryPoint("ingest")
        .service(FakeHttp.request("POST", "/v1/events", headers, zipped.toByteArray()), accepted);
    new HttpEntryPoint("ingest")
        .service(FakeHttp.request("POST", "/v1/events", headers, plain), refused);

    assertThat(accepted.status).as(accepted.bodyText()).isEqualTo(202);
    assertThat(refused.status).isEqualTo(400);
    assertThat(refused.bodyText()).contains("\"code\":\"malformed_gzip\"");
  }

  @Test
  void feedbackAnswersOtherMethodsWith405InTheApiErrorBody() throws Exception {
    FakeHttp.Response response = new FakeHttp.Response();

    new HttpEntryPoint("feedback")
        .service(
            FakeHttp.request("DELETE", "/v1/l/some-token/open", Map.of(), new byte[0]), response);

    assertThat(response.status).isEqualTo(405);
    assertThat(response.contentType).isEqualTo("application/json");
    assertThat(response.bodyText()).contains("\"code\":\"method_not_allowed\"");
  }

  @Test
  void aTopicTriggeredStageIsNoHttpFunction() {
    assertThatThrownBy(
            () ->
                new HttpEntryPoint("decide")
                    .service(FakeHttp.request("POST", "/", Map.of(), new byte[0]), null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no HTTP stage named decide");
  }

  @Test
  void theSignedOpenLinkOfADryRunMessagePublishesTheOpenEventAndAForgedOneNothing()
      throws Exception {
    OutboundMessage sent =
        new OutboundMessage(
            OutboundMessage.VERSION,
            "msg-opened",
            "dec-opened",
            APP,
            "opener",
            Channel.EMAIL,
            "opener@example.com",
            "en",
            "payment_failed",
            "a",
            "Payment failed",
            "Hello",
            NOON,
            null,
            null,
            null,
            Provenance.template(0));
    new FirestoreSentMessages(fixture.firestore)
        .record(
            sent,
            new Delivery(
                "msg-opened", APP, "opener", Channel.EMAIL, DryRunChannelSender.STATUS, "x", NOON));
    FakeHttp.Response response = new FakeHttp.Response();
    FakeHttp.Response forged = new FakeHttp.Response();
    String token = TestLinkTokens.tokens().issue("msg-opened");

    new HttpEntryPoint("feedback")
        .service(
            FakeHttp.request("GET", "/v1/l/" + token + "/open", Map.of(), new byte[0]), response);
    new HttpEntryPoint("feedback")
        .service(
            FakeHttp.request(
                "GET",
                "/v1/l/t1.bXNnLW9wZW5lZA.AAAAAAAAAAAAAAAAAAAAAA/open",
                Map.of(),
                new byte[0]),
            forged);

    assertThat(response.status).isEqualTo(200);
    assertThat(forged.status).isEqualTo(200);
    assertThat(forged.body.toByteArray()).isEqualTo(response.body.toByteArray());
    PubsubMessage event =
        fixture.awaitMessage(Topics.EVENTS, FunctionsFixture.forKey(APP + "/opener"));
    assertThat(event.getData().toStringUtf8()).contains("msg-opened");
  }

  @Test
  void thePreferencePageOfASignedLinkListsTheChannelsAndSavesTheChoiceAsConsentFromThePage()
      throws Exception {
    OutboundMessage sent =
        OutboundMessages.of(
            APP, "msg-preferences", Channel.EMAIL, "prefs@example.com", "Hi", "Hello");
    String user = sent.userId();
    new FirestoreSentMessages(fixture.firestore).record(sent, "sent", NOON);
    var profiles = GcpAdapters.profileStore(fixture.firestore);
    profiles.update(
        APP,
        user,
        p ->
            Profiles.user(user)
                .app(APP)
                .email("prefs@example.com")
                .phone("+15550100777")
                .consent(Channel.SMS, true)
                .build());
    String path = "/v1/l/" + TestLinkTokens.tokens().issue("msg-preferences") + "/preferences";

    FakeHttp.Response page = feedback("GET", path, Map.of(), "");
    assertThat(page.status).as(page.bodyText()).isEqualTo(200);
    assertThat(page.contentType).startsWith("text/html");
    assertThat(page.bodyText())
        .contains("name=\"email\" value=\"on\" checked", "name=\"sms\" value=\"on\" checked")
        .doesNotContain("prefs@example.com", "+15550100777", "name=\"push\"");

    FakeHttp.Response saved =
        feedback(
            "POST",
            path,
            Map.of(
                "Content-Type", "application/x-www-form-urlencoded",
                "X-Forwarded-For", "203.0.113.9, 10.0.0.1"),
            "email=on");
    assertThat(saved.status).as(saved.bodyText()).isEqualTo(200);
    assertThat(saved.bodyText()).contains("Preferences saved");
    PubsubMessage published =
        fixture.awaitMessage(Topics.EVENTS, FunctionsFixture.forKey(APP + "/" + user));
    UserEventBatch identify = Json.decode(published.getData().toByteArray(), UserEventBatch.class);
    assertThat(identify.events().get(0).context())
        .containsEntry(ConsentSource.CONTEXT_KEY, ConsentSource.PREFERENCE_PAGE.wireName());

    new PubSubEntryPoint("analyze")
        .accept(FunctionsFixture.eventarc(identify, published.getMessageId()));
    assertThat(profiles.find(APP, user).orElseThrow().reachability().consent())
        .containsEntry(Channel.EMAIL, true)
        .containsEntry(Channel.SMS, false);
    assertThat(GcpAdapters.consentTrail(fixture.firestore).list(APP, user))
        .filteredOn(r -> r.channel() == Channel.SMS)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.granted()).isFalse();
              assertThat(r.source()).isEqualTo(ConsentSource.PREFERENCE_PAGE);
            });
  }

  @Test
  void thePreferencePageOfAnUnknownTokenIsNotFoundAndAnotherMethodIs405() throws Exception {
    String forged = "/v1/l/t1.bXNnLW9wZW5lZA.AAAAAAAAAAAAAAAAAAAAAA/preferences";

    FakeHttp.Response shown = feedback("GET", forged, Map.of(), "");
    FakeHttp.Response saved = feedback("POST", forged, Map.of(), "sms=on");
    FakeHttp.Response put = feedback("PUT", forged, Map.of(), "");

    assertThat(shown.status).isEqualTo(404);
    assertThat(shown.bodyText()).contains("\"code\":\"not_found\"");
    assertThat(saved.status).isEqualTo(404);
    assertThat(put.status).isEqualTo(405);
    assertThat(put.headers.get("Allow")).containsExactly("GET, POST");
  }

  private static FakeHttp.Response feedback(
      String method, String path, Map<String, String> headers, String body) throws Exception {
    FakeHttp.Response response = new FakeHttp.Response();
    new HttpEntryPoint("feedback")
        .service(
            FakeHttp.request(method, path, headers, body.getBytes(StandardCharsets.UTF_8)),
            response);
    return response;
  }

  @Test
  void sweepAnswersItsReport() throws Exception {
    FakeHttp.Response response = new FakeHttp.Response();

    new HttpEntryPoint("sweep")
        .service(FakeHttp.request("POST", "/", Map.of(), new byte[0]), response);

    assertThat(response.status).isEqualTo(200);
    assertThat(Json.tree(response.body.toByteArray()).has("tasks")).isTrue();
  }

  @Test
  void learnStoresTheUpliftTableFromTheWarehouseAndAnswersIt() throws Exception {
    fixture.bigQuery.stubFor(
        post(urlPathEqualTo("/bigquery/v2/projects/" + FunctionsFixture.PROJECT + "/queries"))
            .withRequestBody(matchingJsonPath("$.query", containing("FROM uplift_outcomes")))
            .willReturn(
                okJson(
                    BigQueryUpliftSourceIT.queryResponse(
                        BigQueryUpliftSourceIT.row(
                            "app-learn", "winback", "DORMANT", 400, 100, 3, 40, 6, 0)))));
    // 150 users with two readings each, 0.2 ± 0.1 or −0.2 ± 0.1: σ² = 0.02, τ² = 0.03
    fixture.bigQuery.stubFor(
        post(urlPathEqualTo("/bigquery/v2/projects/" + FunctionsFixture.PROJECT + "/queries"))
            .withRequestBody(matchingJsonPath("$.query", containing("FROM profile_snapshots")))
            .willReturn(
                okJson(
                    BigQueryUpliftSourceIT.effectsResponse(
                        "app-learn", "150", "300", "0", "15", "24", "0", "600", "3", "150"))));
    FakeHttp.Response response = new FakeHttp.Response();

    new HttpEntryPoint("learn")
        .service(FakeHttp.request("POST", "/", Map.of(), new byte[0]), response);

    assertThat(response.status).as(response.bodyText()).isEqualTo(200);
    UpliftCell cell =
        new UpliftCell(
            "app-learn",
            "winback",
            "DORMANT",
            new ArmOutcomes(400, 100, 3),
            new ArmOutcomes(40, 6, 0));
    assertThat(Json.decode(response.body.toByteArray(), UpliftTable.class).cells())
        .containsExactly(cell);
    assertThat(GcpAdapters.upliftTableStore(fixture.firestore).load().cells()).contains(cell);
    assertThat(GcpAdapters.upliftTableStore(fixture.firestore).load().spread("app-learn"))
        .isEqualTo(new EffectSpread(0, 0.02, 0.03, 150));
  }

  @Test
  void appconfigStoresAValidConfigurationReadsItBackAndPreviewsAMessageWithItsChecks()
      throws Exception {
    String app = "app-config-http";
    String key = ApiKeys.generate(new Random(9));
    GcpAdapters.apiKeyStore(fixture.firestore)
        .save(
            new ApiKey(
                ApiKeys.hash(key),
                app,
                Set.of(ApiKey.CONFIG_READ, ApiKey.CONFIG_WRITE),
                NOON,
                null));
    GcpAdapters.profileStore(fixture.firestore)
        .update(
            app,
            "u-preview",
            p ->
                Profiles.user("u-preview")
                    .app(app)
                    .email("ana@example.com")
                    .firstName("Ana")
                    .build());
    Map<String, String> auth = Map.of("Authorization", "Bearer " + key);
    HttpEntryPoint appconfig = new HttpEntryPoint("appconfig");

    FakeHttp.Response put = new FakeHttp.Response();
    appconfig.service(
        FakeHttp.request(
            "PUT", "/v1/apps/" + app + "/config", auth, BuiltInAppConfig.demoDocument()),
        put);
    FakeHttp.Response get = new FakeHttp.Response();
    appconfig.service(
        FakeHttp.request("GET", "/v1/apps/" + app + "/config", auth, new byte[0]), get);
    FakeHttp.Response invalid = new FakeHttp.Response();
    appconfig.service(
        FakeHttp.request(
            "PUT",
            "/v1/apps/" + app + "/config",
            auth,
            "{\"product\":{}}".getBytes(StandardCharsets.UTF_8)),
        invalid);
    FakeHttp.Response preview = new FakeHttp.Response();
    appconfig.service(
        FakeHttp.request(
            "POST",
            "/v1/apps/" + app + "/preview",
            auth,
            "{\"userId\":\"u-preview\",\"intervention\":\"winback\",\"channel\":\"email\",\"variant\":\"b\"}"
                .getBytes(StandardCharsets.UTF_8)),
        preview);

    assertThat(put.status).as(put.bodyText()).isEqualTo(200);
    assertThat(get.status).as(get.bodyText()).isEqualTo(200);
    assertThat(get.bodyText()).contains("\"Tempo\"");
    assertThat(invalid.status).isEqualTo(400);
    assertThat(invalid.bodyText()).contains("invalid_app_config", "/product/name");
    assertThat(preview.status).as(preview.bodyText()).isEqualTo(200);
    var message = Json.tree(preview.body.toByteArray()).path("message");
    assertThat(message.path("variant").asString()).isEqualTo("b");
    assertThat(message.path("subject").asString()).contains("Tempo");
    assertThat(Json.tree(preview.body.toByteArray()).path("blocked").asBoolean()).isFalse();
  }

  @Test
  void appconfigServesTheModelsOfTheKeysAppToAProfilesReadKeyOnly() throws Exception {
    String app = "app-models-http";
    String reader = ApiKeys.generate(new Random(41));
    GcpAdapters.apiKeyStore(fixture.firestore)
        .save(new ApiKey(ApiKeys.hash(reader), app, Set.of(ApiKey.PROFILES_READ), NOON, null));
    HttpEntryPoint appconfig = new HttpEntryPoint("appconfig");
    FakeHttp.Response listed = new FakeHttp.Response();
    FakeHttp.Response anonymous = new FakeHttp.Response();
    FakeHttp.Response post = new FakeHttp.Response();

    appconfig.service(
        FakeHttp.request(
            "GET", "/v1/models", Map.of("Authorization", "Bearer " + reader), new byte[0]),
        listed);
    appconfig.service(FakeHttp.request("GET", "/v1/models", Map.of(), new byte[0]), anonymous);
    appconfig.service(FakeHttp.request("POST", "/v1/models", Map.of(), new byte[0]), post);

    // the fixture has no model bucket: no models, and what decides without one
    assertThat(listed.status).as(listed.bodyText()).isEqualTo(200);
    assertThat(Json.tree(listed.body.toByteArray()).path("models").size()).isZero();
    assertThat(Json.tree(listed.body.toByteArray()).path("default").asString()).isNotBlank();
    assertThat(anonymous.status).isEqualTo(401);
    assertThat(post.status).isEqualTo(405);
    assertThat(post.headers).containsEntry("Allow", List.of("GET"));
  }

  @Test
  void appconfigAnswersAnotherMethodWith405AndAnUnknownPathWith404() throws Exception {
    FakeHttp.Response delete = new FakeHttp.Response();
    FakeHttp.Response unknown = new FakeHttp.Response();
    HttpEntryPoint appconfig = new HttpEntryPoint("appconfig");

    appconfig.service(
        FakeHttp.request("DELETE", "/v1/apps/a/config", Map.of(), new byte[0]), delete);
    appconfig.service(FakeHttp.request("GET", "/v1/apps/a/other", Map.of(), new byte[0]), unknown);

    assertThat(delete.status).isEqualTo(405);
    assertThat(delete.headers).containsEntry("Allow", List.of("GET, PUT"));
    assertThat(unknown.status).isEqualTo(404);
  }

  @Test
  void ingestServesAUsersProfileExportAndErasureWithTheLocalRunnersScopesAndErrors()
      throws Exception {
    String user = "u-http-user-api";
    String reader = ApiKeys.generate(new Random(31));
    String eraser = ApiKeys.generate(new Random(32));
    var keys = GcpAdapters.apiKeyStore(fixture.firestore);
    keys.save(
        new ApiKey(
            ApiKeys.hash(reader),
            PersonalDataFixture.APP,
            Set.of(ApiKey.PROFILES_READ),
            NOON,
            null));
    keys.save(
        new ApiKey(
            ApiKeys.hash(eraser),
            PersonalDataFixture.APP,
            Set.of(ApiKey.USERS_DELETE),
            NOON,
            null));
    PersonalDataFixture.fill(
        user,
        GcpAdapters.profileStore(fixture.firestore),
        GcpAdapters.decisionLog(fixture.firestore),
        GcpAdapters.consentTrail(fixture.firestore),
        dev.userwhisperer.core.port.IngestDedup.NONE,
        GcpAdapters.quarantine(fixture.firestore));
    String outboundId = Ids.outboundOf(PersonalDataFixture.decision(user));
    new FirestoreSentMessages(fixture.firestore)
        .record(
            OutboundMessages.of(
                PersonalDataFixture.APP, outboundId, Channel.EMAIL, "a@example.com", "Hi", "Hello"),
            "sent",
            NOON);
    stubDmlDeletes(2);

    FakeHttp.Response profile = users("GET", "/v1/users/" + user + "?decisionLimit=5", reader);
    assertThat(profile.status).as(profile.bodyText()).isEqualTo(200);
    var view = Json.tree(profile.body.toByteArray());
    assertThat(view.path("profile").path("userId").asString()).isEqualTo(user);
    assertThat(view.path("recentDecisions")).hasSize(1);
    assertThat(view.path("consentTrail")).hasSize(1);

    FakeHttp.Response export = users("GET", "/v1/users/" + user + "/export", reader);
    assertThat(export.status).as(export.bodyText()).isEqualTo(200);
    assertThat(
            Json.tree(export.body.toByteArray())
                .path("messages")
                .get(0)
                .path("outboundId")
                .asString())
        .isEqualTo(outboundId);

    assertThat(errorOf(users("GET", "/v1/users/" + user + "?decisionLimit=0", reader)))
        .isEqualTo("400 invalid_parameter decisionLimit");
    assertThat(errorOf(users("GET", "/v1/users/" + user + "?decisionLimit=many", reader)))
        .isEqualTo("400 invalid_parameter decisionLimit");
    assertThat(errorOf(users("DELETE", "/v1/users/" + user, reader)).substring(0, 3))
        .isEqualTo("403");
    assertThat(errorOf(users("GET", "/v1/users/" + user, null)).substring(0, 3)).isEqualTo("401");
    FakeHttp.Response put = users("PUT", "/v1/users/" + user, eraser);
    assertThat(put.status).isEqualTo(405);
    assertThat(put.headers.get("Allow")).containsExactly("GET, DELETE");

    FakeHttp.Response erased = users("DELETE", "/v1/users/" + user, eraser);
    assertThat(erased.status).as(erased.bodyText()).isEqualTo(200);
    var receipt = Json.tree(erased.body.toByteArray());
    assertThat(receipt.path("userId").asString()).isEqualTo(user);
    java.util.Map<String, Long> counts = new java.util.HashMap<>();
    receipt
        .path("erased")
        .forEach(e -> counts.put(e.path("store").asString(), e.path("count").asLong()));
    assertThat(counts)
        .containsEntry("firestore.profiles", 1L)
        .containsEntry("firestore.sent_messages", 1L)
        .containsEntry("bigquery.decisions", 2L)
        .containsEntry("bigquery.events_raw", 2L);
    fixture.bigQuery.verify(
        postRequestedFor(urlPathMatching(".*/erased_users/insertAll"))
            .withRequestBody(matchingJsonPath("$.rows[0].json.user_id", equalTo(user))));
    assertThat(errorOf(users("GET", "/v1/users/" + user + "/export", reader)))
        .isEqualTo("404 unknown_user null");
  }

  @Test
  void aWarehouseErasureLeftInTheStreamingBufferIsRecordedAndFinishedByTheDailyLearn()
      throws Exception {
    String user = "u-http-buffered";
    String eraser = ApiKeys.generate(new Random(33));
    GcpAdapters.apiKeyStore(fixture.firestore)
        .save(new ApiKey(ApiKeys.hash(eraser), APP, Set.of(ApiKey.USERS_DELETE), NOON, null));
    stubDmlDeletes(1);
    var buffered =
        fixture.bigQuery.stubFor(
            post(urlPathEqualTo(QUERIES))
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.query", containing("DELETE FROM decisions")))
                .withRequestBody(
                    matchingJsonPath(
                        "$.queryParameters[?(@.name == 'user_id')].parameterValue.value",
                        equalTo(user)))
                .willReturn(
                    aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                            """
                            {"error": {"code": 400, "status": "INVALID_ARGUMENT",
                              "message": "UPDATE or DELETE statement over table whisperer-functions.whisperer.decisions would affect rows in the streaming buffer, which is not supported",
                              "errors": [{"reason": "invalidQuery", "location": "q", "message": "UPDATE or DELETE statement over table whisperer-functions.whisperer.decisions would affect rows in the streaming buffer, which is not supported"}]}}
                            """)));

    FakeHttp.Response erased = users("DELETE", "/v1/users/" + user, eraser);

    assertThat(erased.status).as(erased.bodyText()).isEqualTo(200);
    assertThat(erased.bodyText()).contains("\"store\":\"bigquery.decisions:pending\",\"count\":0");
    assertThat(pendingErasures(user)).hasSize(1);
    assertThat(pendingErasures(user).get(0).get("pendingTables"))
        .isEqualTo(List.of("bigquery.decisions:pending"));

    // the buffer flushes; the daily learn erases the user again and forgets the record
    fixture.bigQuery.removeStub(buffered);
    stubUpliftQuery();
    FakeHttp.Response learned = new FakeHttp.Response();
    new HttpEntryPoint("learn")
        .service(FakeHttp.request("POST", "/", Map.of(), new byte[0]), learned);

    assertThat(learned.status).as(learned.bodyText()).isEqualTo(200);
    assertThat(pendingErasures(user)).isEmpty();
    fixture.bigQuery.verify(
        2,
        postRequestedFor(urlPathEqualTo(QUERIES))
            .withRequestBody(matchingJsonPath("$.query", containing("DELETE FROM decisions")))
            .withRequestBody(
                matchingJsonPath(
                    "$.queryParameters[?(@.name == 'user_id')].parameterValue.value",
                    equalTo(user))));
    // a second learn finds nothing pending and deletes nothing more
    new HttpEntryPoint("learn")
        .service(FakeHttp.request("POST", "/", Map.of(), new byte[0]), new FakeHttp.Response());
    fixture.bigQuery.verify(
        2,
        postRequestedFor(urlPathEqualTo(QUERIES))
            .withRequestBody(matchingJsonPath("$.query", containing("DELETE FROM decisions")))
            .withRequestBody(
                matchingJsonPath(
                    "$.queryParameters[?(@.name == 'user_id')].parameterValue.value",
                    equalTo(user))));
  }

  private static final String QUERIES =
      "/bigquery/v2/projects/" + FunctionsFixture.PROJECT + "/queries";

  private List<Map<String, Object>> pendingErasures(String user) throws Exception {
    return fixture
        .firestore
        .collection(PendingWarehouseErasure.COLLECTION)
        .whereEqualTo("userId", user)
        .get()
        .get()
        .getDocuments()
        .stream()
        .map(d -> d.getData())
        .toList();
  }

  /** BigQuery's answers to a DML delete (jobs.query, getQueryResults, jobs.get): {@code rows}. */
  private void stubDmlDeletes(int rows) {
    String job =
        "\"jobReference\": {\"projectId\": \""
            + FunctionsFixture.PROJECT
            + "\", \"jobId\": \"job-erase-"
            + rows
            + "\", \"location\": \"EU\"}";
    fixture.bigQuery.stubFor(
        post(urlPathEqualTo(QUERIES))
            .atPriority(2)
            .withRequestBody(matchingJsonPath("$.query", containing("DELETE FROM")))
            .withRequestBody(
                matchingJsonPath(
                    "$.queryParameters[?(@.name == 'user_id')].parameterValue.value",
                    containing(rows == 1 ? "buffered" : "user-api")))
            .willReturn(
                okJson(
                    "{\"kind\": \"bigquery#queryResponse\", "
                        + job
                        + ", \"jobComplete\": true, \"numDmlAffectedRows\": \""
                        + rows
                        + "\"}")));
    fixture.bigQuery.stubFor(
        get(urlPathEqualTo(QUERIES + "/job-erase-" + rows))
            .willReturn(
                okJson(
                    "{\"kind\": \"bigquery#getQueryResultsResponse\", "
                        + job
                        + ", \"jobComplete\": true, \"totalRows\": \"0\","
                        + " \"numDmlAffectedRows\": \""
                        + rows
                        + "\"}")));
    fixture.bigQuery.stubFor(
        get(urlPathMatching(".*/jobs/job-erase-" + rows + ".*"))
            .willReturn(
                okJson(
                    "{\"kind\": \"bigquery#job\", \"id\": \"x\", "
                        + job
                        + ", \"configuration\": {\"query\": {\"query\": \"DELETE\"}},"
                        + " \"status\": {\"state\": \"DONE\"}, \"statistics\":"
                        + " {\"creationTime\": \"1\", \"startTime\": \"2\", \"endTime\":"
                        + " \"3\", \"query\": {\"statementType\": \"DELETE\","
                        + " \"numDmlAffectedRows\": \""
                        + rows
                        + "\"}}}")));
  }

  private static FakeHttp.Response users(String method, String path, String key) throws Exception {
    FakeHttp.Response response = new FakeHttp.Response();
    new HttpEntryPoint("ingest")
        .service(
            FakeHttp.request(
                method,
                path,
                key == null ? Map.of() : Map.of("Authorization", "Bearer " + key),
                new byte[0]),
            response);
    return response;
  }

  /** "status code field" of an API error answer. */
  private static String errorOf(FakeHttp.Response response) {
    var error = Json.tree(response.body.toByteArray()).path("error");
    return response.status
        + " "
        + error.path("code").asString()
        + " "
        + (error.path("field").isMissingNode() || error.path("field").isNull()
            ? "null"
            : error.path("field").asString());
  }

  /** The daily learn's two reads before the pending erasures: the uplift table and the spread. */
  private void stubUpliftQuery() {
    fixture.bigQuery.stubFor(
        post(urlPathEqualTo(QUERIES))
            .withRequestBody(matchingJsonPath("$.query", containing("FROM uplift_outcomes")))
            .willReturn(
                okJson(
                    BigQueryUpliftSourceIT.queryResponse(
                        BigQueryUpliftSourceIT.row(
                            "app-learn", "winback", "DORMANT", 400, 100, 3, 40, 6, 0)))));
    fixture.bigQuery.stubFor(
        post(urlPathEqualTo(QUERIES))
            .withRequestBody(matchingJsonPath("$.query", containing("FROM profile_snapshots")))
            .willReturn(
                okJson(
                    BigQueryUpliftSourceIT.effectsResponse(
                        "app-learn", "150", "300", "0", "15", "24", "0", "600", "3", "150"))));
  }
}
