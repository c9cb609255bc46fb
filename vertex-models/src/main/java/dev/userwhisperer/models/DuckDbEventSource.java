package dev.userwhisperer.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The events table of a local platform's DuckDB warehouse file ({@code
 * whisperer.data-dir}/warehouse.duckdb), opened read-only. DuckDB lets one process hold a file for
 * writing, so read it while the platform is stopped.
 */
public final class DuckDbEventSource implements WarehouseEventSource {
  private final Path file;

  /**
   * @throws IllegalArgumentException when the file does not exist
   */
  public DuckDbEventSource(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no DuckDB warehouse file at " + file.toAbsolutePath());
    }
    this.file = file.toAbsolutePath();
  }

  @Override
  public List<WarehouseEvent> events(Optional<String> appId, Instant until) {
    Properties readOnly = new Properties();
    readOnly.setProperty("duckdb.read_only", "true");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file, readOnly)) {
      try (Statement s = c.createStatement()) {
        s.execute("SET TimeZone = 'UTC'");
      }
      try (PreparedStatement query = c.prepareStatement(EventsQuery.sql("events", appId))) {
        query.setObject(1, until.atOffset(ZoneOffset.UTC));
        if (appId.isPresent()) {
          query.setString(2, appId.get());
        }
        List<WarehouseEvent> events = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
          while (rs.next()) {
            events.add(
                WarehouseEvent.of(
                    rs.getString("app_id"),
                    rs.getString("user_id"),
                    rs.getString("message_id"),
                    rs.getString("anonymous_id"),
                    rs.getString("type"),
                    instant(rs, "event_time"),
                    instant(rs, "received_at"),
                    rs.getString("properties"),
                    rs.getString("traits"),
                    rs.getString("context")));
          }
        }
        return events;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot read the events of " + file + ": " + e.getMessage(), e);
    }
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
