package dev.userwhisperer.core.port;

import dev.userwhisperer.core.message.ScheduledTask;
import java.time.Instant;
import java.util.List;

/** Tasks due at an event time; see {@link ScheduledTask}. */
public interface ScheduleStore {
  /** Adds the task, or replaces the task with the same id. */
  void schedule(ScheduledTask task);

  /** Tasks due at or before {@code now}, earliest first. */
  List<ScheduledTask> due(Instant now, int limit);

  /** Removes a task once its work is published; removing an absent task changes nothing. */
  void complete(String taskId);
}
