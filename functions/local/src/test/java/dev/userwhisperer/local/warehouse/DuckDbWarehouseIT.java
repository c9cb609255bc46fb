package dev.userwhisperer.local.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.profile.ChurnScore;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.testing.Decisions;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbWarehouseIT {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456Z");

  @TempDir Path dir;
  DuckDbWarehouse warehouse;

  @BeforeEach
  void open() {
    warehouse = new DuckDbWarehouse(dir.resolve("data/warehouse.duckdb"));
  }

  @AfterEach
  void close() {
    warehouse.close();
  }

  @Test
  void tablesHaveTheColumnsTypesAndNullabilityOfTheBigQuerySchemas() {
    for (Table table : Table.values()) {
      List<Map<String, Object>> columns =
          warehouse.query(
              "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                  + "WHERE table_name = '"
                  + table.tableName()
                  + "' ORDER BY ordinal_position");
      TableSchema schema = TableSchema.load(table);
      assertThat(columns)
          .extracting(c -> c.get("column_name"))
          .as("%s", table)
          .isEqualTo(schema.columnNames());
      for (Map<String, Object> c : columns) {
        TableSchema.Column expected = schema.column((String) c.get("column_name"));
        assertThat(c.get("data_type"))
            .isEqualTo(
                expected.duckDbType().equals("TIMESTAMPTZ")
                    ? "TIMESTAMP WITH TIME ZONE"
                    : expected.duckDbType());
        assertThat(c.get("is_nullable")).isEqualTo(expected.required() ? "NO" : "YES");
      }
    }
  }

  @Test
  void rowsOfTheDomainMappingRoundTripWithInstantsAndJson() {
    Decision d =
        Decisions.decision("d1")
            .app("app")
            .signal("s1", "INACTIVE")
            .intervention("win_back")
            .at(T0)
            .propensity(0.25)
            .build();
    warehouse.append(Table.DECISIONS, List.of(WarehouseRows.decision(d)));
    warehouse.append(
        Table.PROFILE_SNAPSHOTS,
        List.of(
            WarehouseRows.profileSnapshot(Profile.empty("app", "u1"), T0),
            WarehouseRows.profileSnapshot(
                Profile.empty("app", "u2").withChurn(new ChurnScore(0.75, "v7", T0, T0)), T0)));

    Map<String, Object> row = warehouse.query("SELECT * FROM decisions").get(0);
    assertThat(row)
        .containsEntry("decision_id", "d1")
        .containsEntry("decided_at", T0)
        .containsEntry("propensity", 0.25)
        .containsEntry("channel", "email")
        .containsEntry("send_at", T0);
    Map<String, Object> snapshot =
        warehouse
            .query(
                "SELECT snapshot_at, event_count, profile->>'userId' AS user FROM profile_snapshots"
                    + " ORDER BY user_id")
            .get(0);
    assertThat(snapshot)
        .containsEntry("snapshot_at", T0)
        .containsEntry("event_count", 0L)
        .containsEntry("user", "u1");
    assertThat(
            warehouse.query(
                "SELECT user_id, churn_probability, churn_model_version, churn_scored_at,"
                    + " churn_at_risk_since FROM profile_snapshots ORDER BY user_id"))
        .extracting(
            r -> r.get("user_id"),
            r -> r.get("churn_probability"),
            r -> r.get("churn_model_version"),
            r -> r.get("churn_scored_at"),
            r -> r.get("churn_at_risk_since"))
        .containsExactly(tuple("u1", null, null, null, null), tuple("u2", 0.75, "v7", T0, T0));
  }

  @Test
  void queriesSeeTimestampsInUtcAsBigQueryDoesWhateverTheJvmsTimeZone() {
    warehouse.close();
    TimeZone jvmZone = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
    try {
      warehouse = new DuckDbWarehouse(dir.resolve("data/warehouse.duckdb"));
      warehouse.append(Table.EVENTS, List.of(event("m1", "x")));

      assertThat(
              warehouse.query(
                  "SELECT current_setting('TimeZone') AS tz, strftime(event_time, '%Y-%m-%d %H:%M') AS shown, "
                      + "date_trunc('day', event_time) AS day FROM events"))
          .containsExactly(
              Map.of(
                  "tz",
                  "UTC",
                  "shown",
                  "2026-03-01 10:00",
                  "day",
                  Instant.parse("2026-03-01T00:00:00Z")));
    } finally {
      TimeZone.setDefault(jvmZone);
    }
  }

  @Test
  void rowsWhoseKeyIsAlreadyThereAreIgnored() {
    warehouse.append(Table.EVENTS, List.of(event("m1", "first"), event("m2", "second")));
    warehouse.append(
        Table.EVENTS, List.of(event("m1", "retried"), event("m3", "third"), event("m3", "twice")));

    assertThat(warehouse.query("SELECT message_id, type FROM events ORDER BY message_id"))
        .containsExactly(
            Map.of("message_id", "m1", "type", "first"),
            Map.of("message_id", "m2", "type", "second"),
            Map.of("message_id", "m3", "type", "third"));
  }

  @Test
  void rowWithAColumnTheTableLacksIsRefusedAndNothingOfItsBatchIsWritten() {
    Map<String, Object> bad = new HashMap<>(event("m2", "x"));
    bad.put("colour", "red");

    assertThatThrownBy(() -> warehouse.append(Table.EVENTS, List.of(event("m1", "x"), bad)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("colour");
    assertThatThrownBy(
            () -> warehouse.append(Table.EVENTS, List.of(event("m1", "x"), event(null, "x"))))
        .isInstanceOf(IllegalStateException.class);

    assertThat(warehouse.query("SELECT count(*) AS n FROM events"))
        .containsExactly(Map.of("n", 0L));
  }

  @Test
  void concurrentAppendsAndQueriesAllLand() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 10; i++) {
                    warehouse.append(Table.EVENTS, List.of(event("t" + thread + "-" + i, "x")));
                    warehouse.query("SELECT count(*) FROM events");
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }

    assertThat(warehouse.query("SELECT count(*) AS n FROM events"))
        .containsExactly(Map.of("n", 40L));
  }

  @Test
  void dataSurvivesReopening() {
    warehouse.append(Table.EVENTS, List.of(event("m1", "x")));
    warehouse.close();

    warehouse = new DuckDbWarehouse(dir.resolve("data/warehouse.duckdb"));

    assertThat(warehouse.query("SELECT message_id, event_time FROM events"))
        .containsExactly(Map.of("message_id", "m1", "event_time", T0));
  }

  @Test
  void columnsAddedOrRenamedInASchemaAfterTheTableWasCreatedAreAddedOrRenamedInTheTable()
      throws Exception {
    warehouse.close();
    Path old = dir.resolve("old.duckdb");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + old);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE deliveries (app_id VARCHAR NOT NULL, message_id VARCHAR NOT NULL, "
              + "status VARCHAR NOT NULL, PRIMARY KEY (app_id, message_id, status))");
      s.execute("INSERT INTO deliveries VALUES ('app', 'm0', 'delivered')");
    }

    warehouse = new DuckDbWarehouse(old);
    warehouse.append(
        Table.DELIVERIES,
        List.of(
            Map.of(
                "app_id",
                "app",
                "outbound_id",
                "m1",
                "user_id",
                "u1",
                "channel",
                "email",
                "status",
                "opened",
                "at",
                T0)));

    assertThat(warehouse.query("SELECT outbound_id, channel FROM deliveries ORDER BY outbound_id"))
        .as("the outbound message's id was message_id")
        .extracting(r -> r.get("outbound_id") + ":" + r.get("channel"))
        .containsExactly("m0:null", "m1:email");
  }

  private static Map<String, Object> event(String messageId, String type) {
    Map<String, Object> row = new HashMap<>();
    row.put("app_id", "app");
    row.put("message_id", messageId);
    row.put("user_id", "u1");
    row.put("type", type);
    row.put("event_time", T0);
    row.put("received_at", T0);
    row.put("properties", "{\"plan\":\"pro\"}");
    return row;
  }
}
