package dev.userwhisperer.models;

import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * A DuckDB warehouse whose {@code events} table holds the CDNOW purchase log as the platform would
 * have stored it after {@code CdnowReplay} (functions/bench) sent the log through ingest: the same
 * mapping (each customer's first purchase a {@code user_signup} with the time zone
 * America/New_York, every purchase a {@code payment_succeeded} with its revenue, currency and
 * number of CDs, at noon UTC of its day, userIds {@code cdnow-<id>}, messageIds from the data), and
 * the rows written by core's {@link WarehouseRows#event}, as analyze writes them. It skips the HTTP
 * round trip and the pipeline, which on 2 cores take minutes, and it is deterministic but for
 * {@code received_at}.
 */
public final class CdnowWarehouse {
  /**
   * The events table as the local platform creates it from {@code bigquery/schemas/events.json}.
   */
  static final String CREATE_EVENTS =
      "CREATE TABLE IF NOT EXISTS \"events\" (\"app_id\" VARCHAR NOT NULL, \"message_id\" VARCHAR"
          + " NOT NULL, \"user_id\" VARCHAR NOT NULL, \"anonymous_id\" VARCHAR, \"type\" VARCHAR NOT"
          + " NULL, \"event_time\" TIMESTAMPTZ NOT NULL, \"received_at\" TIMESTAMPTZ NOT NULL,"
          + " \"properties\" JSON, \"traits\" JSON, \"context\" JSON, PRIMARY KEY (\"app_id\","
          + " \"message_id\"))";

  static final List<String> COLUMNS =
      List.of(
          "app_id",
          "message_id",
          "user_id",
          "anonymous_id",
          "type",
          "event_time",
          "received_at",
          "properties",
          "traits",
          "context");

  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private CdnowWarehouse() {}

  /** One line of CDNOW_master.txt, numbered as in the file (the header is line 1). */
  record Line(String customerId, LocalDate day, int cds, double dollars, int line) {}

  /** The lines of the master file, as {@code CdnowReplay} reads them. */
  static List<Line> read(Path master) {
    List<String> lines;
    try {
      lines = Files.readAllLines(master);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + master, e);
    }
    List<Line> purchases = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).trim().split("\\s+");
      if (f.length == 4) {
        purchases.add(
            new Line(
                f[0],
                LocalDate.parse(f[1], DAY),
                Integer.parseInt(f[2]),
                Double.parseDouble(f[3]),
                i + 1));
      }
    }
    return purchases;
  }

  /** The events of the log in event-time order, as ingest accepts them from the replay. */
  static List<Event> events(List<Line> purchases, Instant receivedAt) {
    List<Line> ordered = new ArrayList<>(purchases);
    ordered.sort(Comparator.comparing(Line::day).thenComparing(Line::line));
    Set<String> signedUp = new HashSet<>();
    List<Event> events = new ArrayList<>();
    for (Line p : ordered) {
      Instant at = p.day().atTime(12, 0).toInstant(ZoneOffset.UTC);
      String user = "cdnow-" + p.customerId();
      if (signedUp.add(p.customerId())) {
        events.add(
            new Event(
                "cdnow-signup-" + p.customerId(),
                EventTypes.USER_SIGNUP,
                user,
                null,
                at,
                receivedAt,
                Map.of(),
                Map.of(),
                Map.of("timezone", "America/New_York")));
      }
      events.add(
          new Event(
              "cdnow-line-" + p.line(),
              EventTypes.PAYMENT_SUCCEEDED,
              user,
              null,
              at,
              receivedAt,
              Map.of(
                  "revenue",
                  Math.round(p.dollars() * 100) / 100.0,
                  "currency",
                  "USD",
                  "quantity",
                  p.cds()),
              Map.of(),
              Map.of()));
    }
    return events;
  }

  /**
   * Writes the events of {@code master} for {@code appId} into the events table of {@code
   * warehouse}, creating the file and the table.
   *
   * @return the number of events written
   * @throws IllegalArgumentException when the file already holds events
   */
  public static int write(Path master, String appId, Path warehouse, Instant receivedAt) {
    List<Event> events = events(read(master), receivedAt);
    writeEvents(warehouse, appId, events);
    return events.size();
  }

  /**
   * Writes events into the events table of a new or empty DuckDB file, each row as analyze writes
   * it ({@link WarehouseRows#event}, keyed by the event's user key).
   *
   * @throws IllegalArgumentException when the file already holds events
   */
  static void writeEvents(Path warehouse, String appId, List<Event> events) {
    try {
      if (warehouse.toAbsolutePath().getParent() != null) {
        Files.createDirectories(warehouse.toAbsolutePath().getParent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (DuckDBConnection c =
            (DuckDBConnection)
                DriverManager.getConnection("jdbc:duckdb:" + warehouse.toAbsolutePath());
        Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      s.execute(CREATE_EVENTS);
      try (var rs = s.executeQuery("SELECT count(*) FROM events")) {
        rs.next();
        if (rs.getLong(1) > 0) {
          throw new IllegalArgumentException(
              warehouse + " already holds " + rs.getLong(1) + " events");
        }
      }
      try (DuckDBAppender appender = c.createAppender("main", "events")) {
        for (Event e : events) {
          Map<String, Object> row = WarehouseRows.event(appId, e.userKey(), e);
          appender.beginRow();
          for (String column : COLUMNS) {
            Object value = row.get(column);
            if (value == null) {
              appender.appendNull();
            } else if (value instanceof Instant t) {
              appender.append(t.atOffset(ZoneOffset.UTC));
            } else {
              appender.append(value.toString());
            }
          }
          appender.endRow();
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot write the events to " + warehouse + ": " + e.getMessage(), e);
    }
  }
}
