package dev.userwhisperer.local.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.cloud.NoCredentials;
import com.google.cloud.ServiceOptions;
import com.google.cloud.bigquery.BigQueryOptions;
import dev.userwhisperer.gcp.BigQueryClients;
import dev.userwhisperer.local.console.DashboardReads.DashboardView;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's reads against a stub of BigQuery's REST API (jobs.query; no emulator exists). */
class BigQueryDashboardReadsIT {
  static final String QUERIES = "/bigquery/v2/projects/whisperer-test/queries";

  /** A completed jobs.query answer: {@code fields} as "name:TYPE", rows of {f: [{v}]} cells. */
  static String answer(List<String> fields, List<List<String>> rows) {
    String schema =
        fields.stream()
            .map(f -> f.split(":"))
            .map(
                f ->
                    "{\"name\": \"%s\", \"type\": \"%s\", \"mode\": \"NULLABLE\"}"
                        .formatted(f[0], f[1]))
            .collect(Collectors.joining(", "));
    String cells =
        rows.stream()
            .map(
                r ->
                    r.stream()
                        .map(v -> v == null ? "{\"v\": null}" : "{\"v\": \"" + v + "\"}")
                        .collect(Collectors.joining(", ", "{\"f\": [", "]}")))
            .collect(Collectors.joining(", "));
    return """
        {"kind": "bigquery#queryResponse",
         "jobReference": {"projectId": "whisperer-test", "jobId": "job-1", "location": "EU"},
         "jobComplete": true, "cacheHit": false, "totalRows": "%d",
         "schema": {"fields": [%s]}, "rows": [%s]}
        """
        .formatted(rows.size(), schema, cells);
  }

  private final WireMockServer stub = new WireMockServer(options().dynamicPort());
  private BigQueryDashboardReads reads;

  @BeforeEach
  void start() {
    stub.start();
    reads =
        new BigQueryDashboardReads(
            BigQueryClients.of("whisperer-test", stub.baseUrl()), "whisperer");
  }

  @AfterEach
  void stop() {
    stub.stop();
  }

  @Test
  void aDashboardViewIsReadForTheAppWithItsColumnsTyped() {
    stub.stubFor(
        post(urlPathEqualTo(QUERIES))
            .willReturn(
                okJson(
                    answer(
                        List.of(
                            "app_id:STRING",
                            "event_date:DATE",
                            "daily_active_users:INTEGER",
                            "weekly_active_users:INTEGER"),
                        List.of(
                            List.of("demo", "2026-03-01", "12", "40"),
                            List.of("demo", "2026-03-02", "9", "41"))))));

    var rows = reads.view(DashboardView.ACTIVE_USERS_DAILY, "demo");

    assertThat(rows).hasSize(2);
    assertThat(rows.get(0))
        .containsEntry("event_date", "2026-03-01")
        .containsEntry("daily_active_users", 12L)
        .containsEntry("weekly_active_users", 40L);
    stub.verify(
        1,
        postRequestedFor(urlPathEqualTo(QUERIES))
            .withRequestBody(
                matchingJsonPath(
                    "$.query",
                    equalTo(
                        "SELECT * FROM active_users_daily WHERE app_id = @app_id"
                            + " ORDER BY event_date")))
            .withRequestBody(matchingJsonPath("$.useLegacySql", equalToJson("false")))
            .withRequestBody(
                matchingJsonPath("$.defaultDataset", equalToJson("{\"datasetId\": \"whisperer\"}")))
            .withRequestBody(
                matchingJsonPath(
                    "$.queryParameters",
                    equalToJson(
                        """
                        [
                         {"name": "app_id", "parameterType": {"type": "STRING"},
                          "parameterValue": {"value": "demo"}}
                        ]
                        """,
                        true,
                        false))));
  }

  @Test
  void aUsersEventsComeNewestFirstWithTimestampsAsInstantsAndTheUserBoundAsAParameter() {
    stub.stubFor(
        post(urlPathEqualTo(QUERIES))
            .willReturn(
                okJson(
                    answer(
                        List.of(
                            "type:STRING",
                            "event_time:TIMESTAMP",
                            "received_at:TIMESTAMP",
                            "message_id:STRING",
                            "properties:JSON"),
                        List.of(
                            Arrays.asList("track", "1.7726976E9", "1.7726976E9", "m-1", null))))));

    var events = reads.userEvents("demo", "u'1 OR 1=1", 50);

    assertThat(events).hasSize(1);
    assertThat(events.get(0))
        .containsEntry("type", "track")
        .containsEntry("event_time", Instant.ofEpochSecond(1_772_697_600L))
        .containsEntry("properties", null);
    stub.verify(
        1,
        postRequestedFor(urlPathEqualTo(QUERIES))
            .withRequestBody(matchingJsonPath("$.query", containing("FROM events AS e")))
            .withRequestBody(matchingJsonPath("$.query", containing("NOT EXISTS")))
            .withRequestBody(
                matchingJsonPath(
                    "$.queryParameters",
                    equalToJson(
                        """
                        [
                         {"name": "app_id", "parameterType": {"type": "STRING"},
                          "parameterValue": {"value": "demo"}},
                         {"name": "user_id", "parameterType": {"type": "STRING"},
                          "parameterValue": {"value": "u'1 OR 1=1"}},
                         {"name": "limit", "parameterType": {"type": "INT64"},
                          "parameterValue": {"value": "50"}}
                        ]
                        """,
                        true,
                        false))));
  }

  @Test
  void eventsReceivedSinceCountsFromTheInstantAsATimestampParameter() {
    stub.stubFor(
        post(urlPathEqualTo(QUERIES))
            .willReturn(okJson(answer(List.of("n:INTEGER"), List.of(List.of("7"))))));

    assertThat(reads.eventsReceivedSince("demo", Instant.parse("2026-03-01T10:00:00Z")))
        .isEqualTo(7);
    stub.verify(
        postRequestedFor(urlPathEqualTo(QUERIES))
            .withRequestBody(
                matchingJsonPath(
                    "$.queryParameters",
                    equalToJson(
                        """
                        [
                         {"name": "app_id", "parameterType": {"type": "STRING"},
                          "parameterValue": {"value": "demo"}},
                         {"name": "since", "parameterType": {"type": "TIMESTAMP"},
                          "parameterValue": {"value": "2026-03-01 10:00:00.000000+00:00"}}
                        ]
                        """,
                        true,
                        false))));
  }

  @Test
  void usersAreFoundByTheBeginningOfTheirIdWithoutWildcards() {
    stub.stubFor(
        post(urlPathEqualTo(QUERIES))
            .willReturn(
                okJson(
                    answer(List.of("user_id:STRING"), List.of(List.of("u_1"), List.of("u_10"))))));

    assertThat(reads.usersStartingWith("demo", "u_1", 20)).containsExactly("u_1", "u_10");
    stub.verify(
        postRequestedFor(urlPathEqualTo(QUERIES))
            .withRequestBody(
                matchingJsonPath("$.query", containing("STARTS_WITH(e.user_id, @prefix)"))));
  }

  @Test
  void theLifecycleDistributionIsReadFromTheLatestSnapshots() {
    stub.stubFor(
        post(urlPathEqualTo(QUERIES))
            .willReturn(
                okJson(
                    answer(
                        List.of("lifecycle:STRING", "users:INTEGER"),
                        List.of(List.of("NEW", "3"), List.of("DORMANT", "1"))))));

    assertThat(reads.lifecycleDistribution("demo"))
        .extracting(r -> r.get("lifecycle") + "=" + r.get("users"))
        .containsExactly("NEW=3", "DORMANT=1");
  }

  @Test
  void aFailedQueryIsAnErrorNamingTheWarehouse() {
    stub.stubFor(
        post(urlPathEqualTo(QUERIES))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\": {\"code\": 403, \"message\": \"Access Denied\","
                            + " \"status\": \"PERMISSION_DENIED\"}}")));
    var withoutRetries =
        new BigQueryDashboardReads(
            BigQueryOptions.newBuilder()
                .setProjectId("whisperer-test")
                .setHost(stub.baseUrl())
                .setCredentials(NoCredentials.getInstance())
                .setRetrySettings(ServiceOptions.getNoRetrySettings())
                .build()
                .getService(),
            "whisperer");

    assertThatThrownBy(() -> withoutRetries.view(DashboardView.HOLDOUT_LIFT, "demo"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("warehouse query failed")
        .hasMessageContaining("Access Denied");
  }

  @Test
  void aDatasetThatIsNotAnIdIsRefused() {
    assertThatThrownBy(
            () ->
                new BigQueryDashboardReads(
                    BigQueryClients.of("whisperer-test", stub.baseUrl()), "x; DROP"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
