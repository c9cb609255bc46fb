package dev.userwhisperer.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.userwhisperer.core.port.UpliftTrainingRow;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The jobs.query call over uplift_training_rows, against a stub of the BigQuery REST API. */
class BigQueryUpliftTrainingSourceIT {
  private final WireMockServer stub = new WireMockServer(options().dynamicPort());
  private BigQueryUpliftTrainingSource source;

  @BeforeEach
  void start() {
    stub.start();
    source =
        new BigQueryUpliftTrainingSource(
            BigQueryClients.of("whisperer-test", stub.baseUrl()), "whisperer");
  }

  @AfterEach
  void stop() {
    stub.stop();
  }

  @Test
  void eachRowBecomesATrainingRowWithItsFeaturesAndMissingOnesAreNaN() {
    stub.stubFor(
        post(urlPathEqualTo(BigQueryUpliftSourceIT.QUERIES))
            .willReturn(
                okJson(
                    """
                    {"kind": "bigquery#queryResponse",
                     "jobReference": {"projectId": "whisperer-test", "jobId": "job-2", "location": "EU"},
                     "jobComplete": true, "cacheHit": false, "totalRows": "1",
                     "schema": {"fields": [
                       {"name": "app_id", "type": "STRING", "mode": "NULLABLE"},
                       {"name": "intervention", "type": "STRING", "mode": "NULLABLE"},
                       {"name": "decision_id", "type": "STRING", "mode": "NULLABLE"},
                       {"name": "day", "type": "STRING", "mode": "NULLABLE"},
                       {"name": "treated", "type": "BOOLEAN", "mode": "NULLABLE"},
                       {"name": "treatment_propensity", "type": "FLOAT", "mode": "NULLABLE"},
                       {"name": "goal_reached", "type": "INTEGER", "mode": "NULLABLE"},
                       {"name": "features", "type": "STRING", "mode": "NULLABLE"}]},
                     "rows": [{"f": [{"v": "a1"}, {"v": "winback"}, {"v": "d-1"},
                       {"v": "2026-02-10"}, {"v": "true"}, {"v": "0.855"}, {"v": "1"},
                       {"v": "{\\"sessions_28d\\":3.0,\\"own_message_lift\\":null}"}]}]}
                    """)));

    List<UpliftTrainingRow> rows = source.rows(LocalDate.parse("2026-03-01"));

    assertThat(rows).hasSize(1);
    UpliftTrainingRow row = rows.get(0);
    assertThat(row.decisionDate()).isEqualTo(LocalDate.parse("2026-02-10"));
    assertThat(row.treated()).isTrue();
    assertThat(row.goalReached()).isTrue();
    assertThat(row.treatmentPropensity()).isEqualTo(0.855);
    assertThat(row.features()).containsEntry("sessions_28d", 3.0);
    assertThat(row.features().get("own_message_lift")).isNaN();
    stub.verify(
        1,
        postRequestedFor(urlPathEqualTo(BigQueryUpliftSourceIT.QUERIES))
            .withRequestBody(matchingJsonPath("$.query", containing("FROM uplift_training_rows")))
            .withRequestBody(
                matchingJsonPath(
                    "$.queryParameters[0]",
                    equalToJson(
                        """
                        {"name": "last_decision_date", "parameterType": {"type": "DATE"},
                         "parameterValue": {"value": "2026-03-01"}}
                        """))));
  }
}
