package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.message.ScheduledTask;
import dev.userwhisperer.core.port.ScheduleStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemoryScheduleStore implements ScheduleStore {
  private final Map<String, ScheduledTask> tasks = new ConcurrentHashMap<>();

  @Override
  public void schedule(ScheduledTask task) {
    tasks.put(task.id(), task);
  }

  @Override
  public List<ScheduledTask> due(Instant now, int limit) {
    return tasks.values().stream()
        .filter(t -> !t.dueAt().isAfter(now))
        .sorted(Comparator.comparing(ScheduledTask::dueAt))
        .limit(limit)
        .toList();
  }

  @Override
  public void complete(String taskId) {
    tasks.remove(taskId);
  }

  public List<ScheduledTask> all() {
    return List.copyOf(tasks.values());
  }
}
