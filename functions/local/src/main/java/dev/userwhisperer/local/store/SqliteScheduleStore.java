package dev.userwhisperer.local.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.ScheduledTask;
import dev.userwhisperer.core.port.ScheduleStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Scheduled tasks indexed by due time. */
public final class SqliteScheduleStore implements ScheduleStore {
  private final SqliteDatabase db;

  public SqliteScheduleStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void schedule(ScheduledTask task) {
    db.write(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO scheduled_tasks (id, due_at, doc) VALUES (?, ?, ?)")) {
            p.setString(1, task.id());
            p.setLong(2, SqliteDatabase.nanos(task.dueAt()));
            p.setString(3, Json.encodeToString(task));
            return p.executeUpdate();
          }
        });
  }

  @Override
  public List<ScheduledTask> due(Instant now, int limit) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT doc FROM scheduled_tasks WHERE due_at <= ? ORDER BY due_at, id LIMIT ?")) {
            p.setLong(1, SqliteDatabase.nanos(now));
            p.setInt(2, limit);
            List<ScheduledTask> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                out.add(Json.decode(rs.getString(1).getBytes(UTF_8), ScheduledTask.class));
              }
            }
            return out;
          }
        });
  }

  @Override
  public void complete(String taskId) {
    db.write(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("DELETE FROM scheduled_tasks WHERE id = ?")) {
            p.setString(1, taskId);
            return p.executeUpdate();
          }
        });
  }
}
