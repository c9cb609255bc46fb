package dev.userwhisperer.core.profile;

import dev.userwhisperer.core.message.ScheduledTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The user's scheduled checks, carried on the profile so that setting them costs no write beyond
 * the profile's own; the store indexes the earliest due time ({@link #nextDueAt}) for the sweep. At
 * most one task per id, kept in due order.
 */
public record Schedule(List<ScheduledTask> tasks) {
  private static final Comparator<ScheduledTask> DUE_ORDER =
      Comparator.comparing(ScheduledTask::dueAt).thenComparing(ScheduledTask::id);

  public static final Schedule NONE = new Schedule(List.of());

  public Schedule {
    tasks = tasks == null ? List.of() : tasks.stream().sorted(DUE_ORDER).toList();
    Set<String> ids = new HashSet<>();
    for (ScheduledTask task : tasks) {
      if (!ids.add(task.id())) {
        throw new IllegalArgumentException("two scheduled tasks with the id " + task.id());
      }
    }
  }

  /** This schedule with {@code task} added, replacing the task with its id. */
  public Schedule with(ScheduledTask task) {
    List<ScheduledTask> next = new ArrayList<>(tasks.size() + 1);
    tasks.stream().filter(t -> !t.id().equals(task.id())).forEach(next::add);
    next.add(task);
    return new Schedule(next);
  }

  /**
   * This schedule without {@code done}, if it still holds exactly that task: a task analyze or
   * decide has replaced meanwhile (moved forward, new attributes) stays.
   */
  public Schedule without(ScheduledTask done) {
    return tasks.contains(done)
        ? new Schedule(tasks.stream().filter(t -> !t.equals(done)).toList())
        : this;
  }

  /** The tasks due at or before {@code now}, earliest first. */
  public List<ScheduledTask> dueAt(Instant now) {
    return tasks.stream().filter(t -> !t.dueAt().isAfter(now)).toList();
  }

  /** When the earliest task falls due; null when nothing is scheduled. */
  public Instant nextDueAt() {
    return tasks.isEmpty() ? null : tasks.get(0).dueAt();
  }
}
