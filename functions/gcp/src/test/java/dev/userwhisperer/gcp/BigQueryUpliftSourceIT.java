package dev.userwhisperer.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
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
import dev.userwhisperer.core.port.ArmOutcomes;
import dev.userwhisperer.core.port.EffectMoments;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.core.port.UpliftCell;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The jobs.query call, against a stub of the BigQuery REST API (there is no BigQuery emulator). */
class BigQueryUpliftSourceIT {
  static final String QUERIES = "/bigquery/v2/projects/whisperer-test/queries";

  /** A completed jobs.query answer in the REST wire format: schema, rows of {f: [{v}]} cells. */
  static String queryResponse(String... rows) {
    return """
        {"kind": "bigquery#queryResponse",
         "jobReference": {"projectId": "whisperer-test", "jobId": "job-1", "location": "EU"},
         "jobComplete": true, "cacheHit": false, "totalRows": "%d",
         "schema": {"fields": [
           {"name": "app_id", "type": "STRING", "mode": "NULLABLE"},
           {"name": "intervention", "type": "STRING", "mode": "NULLABLE"},
           {"name": "lifecycle", "type": "STRING", "mode": "NULLABLE"},
           {"name": "treated", "type": "INTEGER", "mode": "NULLABLE"},
           {"name": "treated_retained", "type": "INTEGER", "mode": "NULLABLE"},
           {"name": "treated_converted", "type": "INTEGER", "mode": "NULLABLE"},
           {"name": "control", "type": "INTEGER", "mode": "NULLABLE"},
           {"name": "control_retained", "type": "INTEGER", "mode": "NULLABLE"},
           {"name": "control_converted", "type": "INTEGER", "mode": "NULLABLE"}]},
         "rows": [%s]}
        """
        .formatted(rows.length, String.join(", ", rows));
  }

  /** A completed jobs.query answer of the message-effects query, one app per row of 10 values. */
  static String effectsResponse(String... values) {
    StringBuilder row = new StringBuilder("{\"f\": [");
    for (int i = 0; i < values.length; i++) {
      row.append(i == 0 ? "" : ", ").append("{\"v\": ").append(quoted(values[i])).append('}');
    }
    row.append("]}");
    return """
        {"kind": "bigquery#queryResponse",
         "jobReference": {"projectId": "whisperer-test", "jobId": "job-2", "location": "EU"},
         "jobComplete": true, "cacheHit": false, "totalRows": "%d",
         "schema": {"fields": [
           {"name": "app_id", "type": "STRING", "mode": "NULLABLE"},
           {"name": "users", "type": "INTEGER", "mode": "NULLABLE"},
           {"name": "observations", "type": "INTEGER", "mode": "NULLABLE"},
           {"name": "total", "type": "FLOAT", "mode": "NULLABLE"},
           {"name": "squares", "type": "FLOAT", "mode": "NULLABLE"},
           {"name": "squared_sums", "type": "FLOAT", "mode": "NULLABLE"},
           {"name": "count_times_sums", "type": "FLOAT", "mode": "NULLABLE"},
           {"name": "squared_counts", "type": "INTEGER", "mode": "NULLABLE"},
           {"name": "within_squares", "type": "FLOAT", "mode": "NULLABLE"},
           {"name": "within_degrees", "type": "INTEGER", "mode": "NULLABLE"}]},
         "rows": [%s]}
        """
        .formatted(values.length == 0 ? 0 : 1, values.length == 0 ? "" : row.toString());
  }

  private static String quoted(String v) {
    return v.startsWith("\"") ? v : "\"" + v + "\"";
  }

  static String row(String app, String intervention, String stage, long... counts) {
    StringBuilder row =
        new StringBuilder(
            "{\"f\": [{\"v\": \"%s\"}, {\"v\": \"%s\"}, {\"v\": \"%s\"}"
                .formatted(app, intervention, stage));
    for (long count : counts) {
      row.append(", {\"v\": \"").append(count).append("\"}");
    }
    return row.append("]}").toString();
  }

  private final WireMockServer stub = new WireMockServer(options().dynamicPort());
  private BigQueryUpliftSource source;

  @BeforeEach
  void start() {
    stub.start();
    source =
        new BigQueryUpliftSource(BigQueryClients.of("whisperer-test", stub.baseUrl()), "whisperer");
  }

  @AfterEach
  void stop() {
    stub.stop();
  }

  @Test
  void theViewIsQueriedUpToTheLastClosedDayAndEachRowBecomesACell() {
    stub.stubFor(
        post(urlPathEqualTo(QUERIES))
            .willReturn(
                okJson(
                    queryResponse(
                        row("a1", "winback", "DORMANT", 400, 100, 3, 40, 6, 0),
                        row("a1", "welcome", "NEW", 90, 60, 9, 10, 5, 1)))));

    var cells = source.outcomes(LocalDate.parse("2026-03-01"));

    assertThat(cells)
        .containsExactly(
            new UpliftCell(
                "a1",
                "winback",
                "DORMANT",
                new ArmOutcomes(400, 100, 3),
                new ArmOutcomes(40, 6, 0)),
            new UpliftCell(
                "a1", "welcome", "NEW", new ArmOutcomes(90, 60, 9), new ArmOutcomes(10, 5, 1)));
    stub.verify(
        1,
        postRequestedFor(urlPathEqualTo(QUERIES))
            .withRequestBody(matchingJsonPath("$.query", containing("FROM uplift_outcomes")))
            .withRequestBody(matchingJsonPath("$.useLegacySql", equalToJson("false")))
            .withRequestBody(
                matchingJsonPath("$.defaultDataset", equalToJson("{\"datasetId\": \"whisperer\"}")))
            .withRequestBody(
                matchingJsonPath(
                    "$.queryParameters[0]",
                    equalToJson(
                        """
                        {"name": "last_decision_date", "parameterType": {"type": "DATE"},
                         "parameterValue": {"value": "2026-03-01"}}
                        """))));
  }

  @Test
  void messageEffectsAreQueriedFromTheSnapshotsSinceTheInstantGivenOneRowPerApp() {
    stub.stubFor(
        post(urlPathEqualTo(QUERIES))
            .willReturn(
                okJson(
                    effectsResponse(
                        "\"a1\"", "2", "4", "-0.5", "0.61", "0.97", "-2.3", "10", "0.18", "2"))));

    var moments = source.messageEffects(Instant.parse("2026-02-01T02:00:00Z"));

    assertThat(moments)
        .containsExactly(new EffectMoments("a1", 2, 4, -0.5, 0.61, 0.97, -2.3, 10, 0.18, 2));
    stub.verify(
        1,
        postRequestedFor(urlPathEqualTo(QUERIES))
            .withRequestBody(matchingJsonPath("$.query", containing("FROM profile_snapshots")))
            .withRequestBody(
                matchingJsonPath(
                    "$.queryParameters[0]",
                    equalToJson(
                        """
                        {"name": "since", "parameterType": {"type": "TIMESTAMP"},
                         "parameterValue": {"value": "2026-02-01 02:00:00.000000+00:00"}}
                        """))));
  }

  @Test
  void anEmptyViewGivesNoCells() {
    stub.stubFor(post(urlPathEqualTo(QUERIES)).willReturn(okJson(queryResponse())));

    assertThat(source.outcomes(LocalDate.parse("2026-03-01"))).isEmpty();
  }

  @Test
  void unavailableServiceIsATransientFailure() {
    stub.stubFor(
        post(urlPathEqualTo(QUERIES))
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withBody("{\"error\": {\"code\": 503, \"message\": \"unavailable\"}}")));
    BigQueryUpliftSource withoutClientRetries =
        new BigQueryUpliftSource(
            BigQueryOptions.newBuilder()
                .setProjectId("whisperer-test")
                .setHost(stub.baseUrl())
                .setCredentials(NoCredentials.getInstance())
                .setRetrySettings(ServiceOptions.getNoRetrySettings())
                .build()
                .getService(),
            "whisperer");

    assertThatThrownBy(() -> withoutClientRetries.outcomes(LocalDate.parse("2026-03-01")))
        .isInstanceOf(TransientFailure.class)
        .hasMessageContaining("uplift_outcomes");
  }
}
