package dev.userwhisperer.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
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
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The insertAll calls, against a stub of the BigQuery REST API (there is no BigQuery emulator). */
class BigQueryWarehouseIT {
  private static final String DECISIONS_INSERT_ALL =
      "/bigquery/v2/projects/whisperer-test/datasets/whisperer/tables/decisions/insertAll";

  private final WireMockServer stub = new WireMockServer(options().dynamicPort());
  private BigQueryWarehouse warehouse;

  @BeforeEach
  void start() {
    stub.start();
    warehouse =
        new BigQueryWarehouse(BigQueryClients.of("whisperer-test", stub.baseUrl()), "whisperer");
  }

  @AfterEach
  void stop() {
    stub.stop();
  }

  @Test
  void rowsAreStreamedToTheTablePathWithTheirKeyAsInsertId() {
    stub.stubFor(
        post(urlPathEqualTo(DECISIONS_INSERT_ALL))
            .willReturn(okJson("{\"kind\": \"bigquery#tableDataInsertAllResponse\"}")));

    warehouse.append(
        Table.DECISIONS, List.of(WarehouseRows.decision(WarehouseSamples.decision("d-1"))));

    stub.verify(
        1,
        postRequestedFor(urlPathEqualTo(DECISIONS_INSERT_ALL))
            .withRequestBody(
                equalToJson(
                    """
                    {"rows": [{"insertId": "app-1/d-1",
                               "json": {"app_id": "app-1", "decision_id": "d-1", "user_id": "user-1", "signal_id": "sig-1",
                                        "signal_type": "INACTIVE", "outcome": "SEND", "reason": "eligible",
                                        "intervention": "winback", "channel": "email",
                                        "decided_at": "2026-11-26T10:00:00.123456Z", "send_at": "2026-11-26T10:00:00.123456Z",
                                        "candidates": "[]", "channel_propensity": 1.0, "hour_propensity": 1.0,
                                        "propensity": 0.3, "variant": "a", "variant_propensity": 1.0,
                                        "variants": "a"}}]}
                    """)));
  }

  @Test
  void eventsAreNotStreamedBecauseTheirSubscriptionLandsThem() {
    warehouse.append(Table.EVENTS, List.of(WarehouseSamples.row(Table.EVENTS)));

    assertThat(stub.getAllServeEvents()).isEmpty();
  }

  @Test
  void largeAppendsAreSplitIntoRequestsOfAtMostFiveHundredRows() {
    stub.stubFor(
        post(urlPathEqualTo(DECISIONS_INSERT_ALL))
            .willReturn(okJson("{\"kind\": \"bigquery#tableDataInsertAllResponse\"}")));

    warehouse.append(
        Table.DECISIONS,
        IntStream.range(0, 1_001)
            .mapToObj(i -> WarehouseRows.decision(WarehouseSamples.decision("d-" + i)))
            .toList());

    assertThat(stub.findAll(postRequestedFor(urlPathEqualTo(DECISIONS_INSERT_ALL))))
        .extracting(request -> request.getBodyAsString().split("\"insertId\"").length - 1)
        .containsExactly(500, 500, 1);
  }

  @Test
  void rowRefusedAsInvalidIsAPermanentFailureNamingTheRow() {
    stub.stubFor(
        post(urlPathEqualTo(DECISIONS_INSERT_ALL))
            .willReturn(
                okJson(
                    """
                    {"kind": "bigquery#tableDataInsertAllResponse",
                     "insertErrors": [{"index": 1, "errors": [{"reason": "invalid", "location": "outcome", "message": "no such field"}]},
                                      {"index": 0, "errors": [{"reason": "stopped", "message": ""}]}]}
                    """)));

    assertThatThrownBy(() -> warehouse.append(Table.DECISIONS, decisions("d-1", "d-2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 of 2 rows refused by decisions")
        .hasMessageContaining("app-1/d-2: invalid");
  }

  @Test
  void rowsFailedByABackendErrorAreATransientFailure() {
    stub.stubFor(
        post(urlPathEqualTo(DECISIONS_INSERT_ALL))
            .willReturn(
                okJson(
                    """
                    {"kind": "bigquery#tableDataInsertAllResponse",
                     "insertErrors": [{"index": 0, "errors": [{"reason": "backendError", "message": "try again"}]}]}
                    """)));

    assertThatThrownBy(() -> warehouse.append(Table.DECISIONS, decisions("d-1")))
        .isInstanceOf(TransientFailure.class)
        .hasMessageContaining("app-1/d-1: backendError");
  }

  @Test
  void unavailableServiceIsATransientFailure() {
    stub.stubFor(
        post(urlPathEqualTo(DECISIONS_INSERT_ALL))
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withBody("{\"error\": {\"code\": 503, \"message\": \"unavailable\"}}")));
    BigQueryWarehouse withoutClientRetries =
        new BigQueryWarehouse(
            BigQueryOptions.newBuilder()
                .setProjectId("whisperer-test")
                .setHost(stub.baseUrl())
                .setCredentials(NoCredentials.getInstance())
                .setRetrySettings(ServiceOptions.getNoRetrySettings())
                .build()
                .getService(),
            "whisperer");

    assertThatThrownBy(() -> withoutClientRetries.append(Table.DECISIONS, decisions("d-1")))
        .isInstanceOf(TransientFailure.class)
        .hasMessageContaining("decisions");
  }

  private static List<Map<String, Object>> decisions(String... ids) {
    return java.util.Arrays.stream(ids)
        .map(id -> WarehouseRows.decision(WarehouseSamples.decision(id)))
        .toList();
  }
}
