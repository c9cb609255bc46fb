package dev.userwhisperer.core.message;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Work due at a point of (event) time. Scheduling a task with an existing id replaces it, which is
 * how an inactivity check moves forward with every new event.
 *
 * @param kind what to do when due, see {@link TaskKind}
 * @param attributes what the task needs, e.g. the deferred decision's id
 */
public record ScheduledTask(
    String id,
    String appId,
    String userId,
    TaskKind kind,
    Instant dueAt,
    Map<String, String> attributes) {

  public ScheduledTask {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(dueAt, "dueAt");
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  public enum TaskKind {
    /** Check whether the user has been inactive since the task was set. */
    INACTIVITY_CHECK,
    /** Remind of the trial's end. */
    TRIAL_ENDING,
    /** The last call before the trial's end. */
    TRIAL_LAST_CALL,
    /** Release a deferred decision for sending. */
    RELEASE_DECISION,
    /**
     * Re-evaluate the lifecycle as the user's days pass without events, so that activity falling
     * below the user's own baseline turns them AT_RISK within a day; repeats daily.
     */
    DRIFT_CHECK,
    /** Check whether a user who signed up has activated: ONBOARDING_STALLED if not. */
    ONBOARDING_CHECK,
    /** Check whether an activated user has found the app's features: FEATURE_DISCOVERY if not. */
    FEATURE_DISCOVERY_CHECK
  }
}
