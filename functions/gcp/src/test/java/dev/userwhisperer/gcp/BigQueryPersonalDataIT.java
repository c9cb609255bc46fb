package dev.userwhisperer.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.userwhisperer.core.port.PersonalDataStore.Erased;
import dev.userwhisperer.core.port.PersonalDataStore.ErasureScope;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tombstone and the DML deletes, against a stub of the BigQuery REST API (there is no BigQuery
 * emulator): {@code tabledata.insertAll}, {@code jobs.query} and {@code jobs.get} in their wire
 * format, and the error BigQuery answers for a delete that touches the streaming buffer.
 */
class BigQueryPersonalDataIT {
  private static final String PROJECT = "/bigquery/v2/projects/whisperer-test";
  private static final String TOMBSTONES =
      PROJECT + "/datasets/whisperer/tables/erased_users/insertAll";
  private static final ErasureScope SCOPE =
      new ErasureScope(
          "er_1", Instant.parse("2026-03-02T10:00:00Z"), "a1", "u-42", Set.of(), Set.of());

  private final WireMockServer stub = new WireMockServer(options().dynamicPort());
  private BigQueryPersonalData erasure;

  @BeforeEach
  void start() {
    stub.start();
    erasure =
        new BigQueryPersonalData(BigQueryClients.of("whisperer-test", stub.baseUrl()), "whisperer");
    stub.stubFor(
        post(urlPathEqualTo(TOMBSTONES))
            .willReturn(okJson("{\"kind\": \"bigquery#tableDataInsertAllResponse\"}")));
    stub.stubFor(
        post(urlPathEqualTo(PROJECT + "/queries"))
            .willReturn(
                okJson(
                    """
                    {"kind": "bigquery#queryResponse",
                     "jobReference": {"projectId": "whisperer-test", "jobId": "job-dml", "location": "EU"},
                     "jobComplete": true, "numDmlAffectedRows": "3"}
                    """)));
    stub.stubFor(
        get(urlPathEqualTo(PROJECT + "/queries/job-dml"))
            .willReturn(
                okJson(
                    """
                    {"kind": "bigquery#getQueryResultsResponse",
                     "jobReference": {"projectId": "whisperer-test", "jobId": "job-dml", "location": "EU"},
                     "jobComplete": true, "totalRows": "0", "numDmlAffectedRows": "3"}
                    """)));
    stub.stubFor(
        get(urlPathMatching(PROJECT + "/jobs/job-dml.*"))
            .willReturn(
                okJson(
                    """
                    {"kind": "bigquery#job", "id": "whisperer-test:EU.job-dml",
                     "jobReference": {"projectId": "whisperer-test", "jobId": "job-dml", "location": "EU"},
                     "configuration": {"query": {"query": "DELETE", "useLegacySql": false}},
                     "status": {"state": "DONE"},
                     "statistics": {"creationTime": "1", "startTime": "2", "endTime": "3",
                       "query": {"statementType": "DELETE", "numDmlAffectedRows": "3"}}}
                    """)));
  }

  @AfterEach
  void stop() {
    stub.stop();
  }

  @Test
  void aTombstoneComesFirstThenEachTableIsDeletedFromAndCounted() {
    List<Erased> erased = erasure.erase(SCOPE);

    assertThat(erased)
        .extracting(Erased::store)
        .containsExactly(
            "bigquery.decisions",
            "bigquery.decision_features",
            "bigquery.messages",
            "bigquery.deliveries",
            "bigquery.profile_snapshots",
            "bigquery.quarantined_events",
            "bigquery.events_raw",
            "bigquery.events");
    assertThat(erased).allSatisfy(e -> assertThat(e.count()).isEqualTo(3));
    stub.verify(
        1,
        postRequestedFor(urlPathEqualTo(TOMBSTONES))
            .withRequestBody(matchingJsonPath("$.rows[0].json.user_id", containing("u-42")))
            .withRequestBody(matchingJsonPath("$.rows[0].json.erasure_id", containing("er_1"))));
    stub.verify(
        postRequestedFor(urlPathEqualTo(PROJECT + "/queries"))
            .withRequestBody(
                matchingJsonPath(
                    "$.query",
                    containing(
                        "DELETE FROM events_raw AS t WHERE t.publish_time >= TIMESTAMP '0001-01-01"
                            + " 00:00:00' AND JSON_VALUE(t.data, '$.appId') = @app_id")))
            .withRequestBody(
                matchingJsonPath(
                    "$.queryParameters[?(@.name == 'user_id')].parameterValue.value",
                    containing("u-42"))));
  }

  @Test
  void aTableWhoseRowsAreStillInTheStreamingBufferIsReportedPending() {
    stub.stubFor(
        post(urlPathEqualTo(PROJECT + "/queries"))
            .withRequestBody(matchingJsonPath("$.query", containing("FROM decisions")))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"error": {"code": 400, "status": "INVALID_ARGUMENT",
                          "message": "UPDATE or DELETE statement over table whisperer-test.whisperer.decisions would affect rows in the streaming buffer, which is not supported",
                          "errors": [{"reason": "invalidQuery", "location": "q", "message": "UPDATE or DELETE statement over table whisperer-test.whisperer.decisions would affect rows in the streaming buffer, which is not supported"}]}}
                        """)));

    List<Erased> erased = erasure.erase(SCOPE);

    assertThat(erased.get(0)).isEqualTo(new Erased("bigquery.decisions:pending", 0));
    assertThat(erased.subList(1, erased.size()))
        .allSatisfy(e -> assertThat(e.count()).isEqualTo(3));
    stub.verify(1, postRequestedFor(urlPathEqualTo(TOMBSTONES)));
  }
}
