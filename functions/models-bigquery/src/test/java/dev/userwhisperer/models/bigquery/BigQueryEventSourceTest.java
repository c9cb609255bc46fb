package dev.userwhisperer.models.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import dev.userwhisperer.core.decide.KeptDecision;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.models.DecisionsQuery;
import dev.userwhisperer.models.EventsQuery;
import dev.userwhisperer.models.WarehouseDecision;
import dev.userwhisperer.models.WarehouseEvent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * No BigQuery emulator exists; this checks the query job the client would send and the mapping of
 * its result rows, not a round trip.
 */
class BigQueryEventSourceTest {
  private static final Instant UNTIL = Instant.parse("2026-03-29T00:00:00.123456Z");
  private final BigQuery bigQuery =
      BigQueryOptions.newBuilder()
          .setProjectId("p")
          .setCredentials(NoCredentials.getInstance())
          .build()
          .getService();
  private final BigQueryEventSource source =
      new BigQueryEventSource(bigQuery, "my-project.whisperer");

  @Test
  void sendsTheDuckDbQueryOnTheDatasetsEventsTableAsGoogleSqlWithPositionalParameters() {
    QueryJobConfiguration job = source.request(Optional.of("app1"), UNTIL);

    assertThat(job.getQuery())
        .isEqualTo(
            EventsQuery.sql("events", Optional.of("app1"))
                .replace(" FROM events ", " FROM `my-project.whisperer.events` "))
        .isEqualTo(
            "SELECT app_id, user_id, message_id, anonymous_id, type, event_time, received_at,"
                + " properties, traits, context FROM `my-project.whisperer.events` WHERE"
                + " event_time <= ? AND app_id = ? ORDER BY app_id, user_id, event_time,"
                + " message_id");
    assertThat(job.useLegacySql()).isFalse();
    assertThat(job.getPositionalParameters())
        .containsExactly(
            QueryParameterValue.timestamp(1_774_742_400_123_456L),
            QueryParameterValue.string("app1"));
    assertThat(job.getPositionalParameters().get(0).getType())
        .isEqualTo(StandardSQLTypeName.TIMESTAMP);
  }

  @Test
  void withoutAnAppTheQueryHasOneParameter() {
    QueryJobConfiguration job = source.request(Optional.empty(), UNTIL);

    assertThat(job.getQuery()).doesNotContain("app_id = ?");
    assertThat(job.getPositionalParameters()).hasSize(1);
  }

  @Test
  void aResultRowBecomesTheEvent() {
    FieldList schema =
        FieldList.of(
            Arrays.stream(EventsQuery.COLUMNS.split(",\\s*"))
                .map(c -> Field.of(c, StandardSQLTypeName.STRING))
                .toList());
    FieldValueList row =
        FieldValueList.of(
            List.of(
                value("app1"),
                value("bob"),
                value("m1"),
                FieldValue.of(FieldValue.Attribute.PRIMITIVE, null),
                value("feature_used"),
                value("1772359200.5"),
                value("1772359201.0"),
                value("{\"feature\":\"export\"}"),
                value("{}"),
                value("{\"timezone\":\"UTC\"}")),
            schema);

    assertThat(BigQueryEventSource.event(row))
        .isEqualTo(
            new WarehouseEvent(
                "app1",
                "bob",
                new Event(
                    "m1",
                    "feature_used",
                    "bob",
                    null,
                    Instant.parse("2026-03-01T10:00:00.500Z"),
                    Instant.parse("2026-03-01T10:00:01Z"),
                    Map.of("feature", "export"),
                    Map.of(),
                    Map.of("timezone", "UTC"))));
  }

  @Test
  void readsTheDecisionsTableWithTheDuckDbQueryAndTheSameParameters() {
    QueryJobConfiguration job = source.decisionsRequest(Optional.of("app1"), UNTIL);

    assertThat(job.getQuery())
        .isEqualTo(
            DecisionsQuery.sql("decisions", Optional.of("app1"))
                .replace(" FROM decisions ", " FROM `my-project.whisperer.decisions` "))
        .isEqualTo(
            "SELECT app_id, user_id, decision_id, outcome, decided_at, channel, send_hour,"
                + " send_at, intervention, variant FROM `my-project.whisperer.decisions` WHERE"
                + " decided_at <= ? AND app_id = ? ORDER BY app_id, user_id, decided_at,"
                + " decision_id");
    assertThat(job.useLegacySql()).isFalse();
    assertThat(job.getPositionalParameters())
        .containsExactly(
            QueryParameterValue.timestamp(1_774_742_400_123_456L),
            QueryParameterValue.string("app1"));
  }

  @Test
  void aDecisionRowBecomesTheDecisionKeptOnTheProfile() {
    FieldList schema =
        FieldList.of(
            Arrays.stream(DecisionsQuery.COLUMNS.split(",\\s*"))
                .map(c -> Field.of(c, StandardSQLTypeName.STRING))
                .toList());
    FieldValue none = FieldValue.of(FieldValue.Attribute.PRIMITIVE, null);
    FieldValueList sent =
        FieldValueList.of(
            List.of(
                value("app1"),
                value("bob"),
                value("d1"),
                value("DEFERRED"),
                value("1772359200.5"),
                value("push"),
                value("20"),
                value("1772395200.0"),
                value("winback"),
                value("b")),
            schema);
    FieldValueList notSent =
        FieldValueList.of(
            List.of(
                value("app1"),
                value("bob"),
                value("d2"),
                value("NOT_ELIGIBLE"),
                value("1772359200.5"),
                none,
                none,
                none,
                none,
                none),
            schema);

    assertThat(BigQueryEventSource.decision(sent))
        .isEqualTo(
            new WarehouseDecision(
                "app1",
                "bob",
                new KeptDecision(
                    "d1",
                    Outcome.DEFERRED,
                    Instant.parse("2026-03-01T10:00:00.500Z"),
                    Channel.PUSH,
                    20,
                    Instant.parse("2026-03-01T20:00:00Z"),
                    "winback",
                    "b")));
    assertThat(BigQueryEventSource.decision(notSent).decision())
        .isEqualTo(
            new KeptDecision(
                "d2",
                Outcome.NOT_ELIGIBLE,
                Instant.parse("2026-03-01T10:00:00.500Z"),
                null,
                null,
                null,
                null,
                null));
  }

  @Test
  void aDatasetMustBeProjectDotDataset() {
    assertThatThrownBy(() -> new BigQueryEventSource(bigQuery, "whisperer"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static FieldValue value(String text) {
    return FieldValue.of(FieldValue.Attribute.PRIMITIVE, text);
  }
}
