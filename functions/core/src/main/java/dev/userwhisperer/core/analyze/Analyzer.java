package dev.userwhisperer.core.analyze;

import dev.userwhisperer.core.StableIds;
import dev.userwhisperer.core.event.Event;
import dev.userwhisperer.core.event.EventTypes;
import dev.userwhisperer.core.event.UserEventBatch;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.ScheduleStore;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.profile.Billing.BillingStatus;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.schedule.ScheduledTask;
import dev.userwhisperer.core.schedule.ScheduledTask.TaskKind;
import dev.userwhisperer.core.signal.Signal;
import dev.userwhisperer.core.signal.SignalType;
import dev.userwhisperer.core.warehouse.Table;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The analyze stage: applies one user's event batch to the profile in one transaction and returns
 * the signals the newly applied events raise ({@code user_signup} → SIGNED_UP, {@code payment_failed}
 * → PAYMENT_FAILED). It also appends the events and a profile snapshot to the warehouse and keeps the
 * user's INACTIVITY_CHECK and TRIAL_ENDING tasks current.
 *
 * <p>Idempotent: a redelivered batch applies nothing, so it changes no profile, task or snapshot
 * and returns no signal. Event rows are appended first, every time, because the warehouse ignores
 * rows it already holds and so a crash after the profile write loses none.
 */
public final class Analyzer implements Function<UserEventBatch, List<Signal>> {
  /** How long before the trial's end the user is reminded. */
  public static final Duration TRIAL_REMINDER_LEAD = Duration.ofDays(3);

  private final ProfileStore profiles;
  private final Warehouse warehouse;
  private final ScheduleStore schedule;
  private final ProfileUpdater updater;
  private final Duration inactivity;

  /** The inactivity check falls due when the user would turn AT_RISK ({@code rules.thresholds().atRiskAfter()}). */
  public Analyzer(ProfileStore profiles, Warehouse warehouse, ScheduleStore schedule, LifecycleRules rules) {
    this.profiles = Objects.requireNonNull(profiles, "profiles");
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.updater = new ProfileUpdater(rules);
    this.inactivity = rules.thresholds().atRiskAfter();
  }

  public static String inactivityTaskId(String appId, String userId) {
    return "inactive:" + appId + ":" + userId;
  }

  public static String trialTaskId(String appId, String userId) {
    return "trial:" + appId + ":" + userId;
  }

  @Override
  public List<Signal> apply(UserEventBatch batch) {
    String appId = batch.appId();
    String userId = batch.userId();
    warehouse.append(
        Table.EVENTS, batch.events().stream().map(e -> WarehouseRows.event(appId, userId, e)).toList());

    AtomicReference<List<Event>> applied = new AtomicReference<>(List.of());
    Profile profile =
        profiles.update(appId, userId, current -> {
          ProfileUpdater.Result result = updater.apply(current, batch.events());
          applied.set(result.applied());
          return result.profile();
        });
    List<Event> fresh = applied.get();
    if (fresh.isEmpty()) {
      return List.of();
    }

    warehouse.append(Table.PROFILE_SNAPSHOTS, List.of(WarehouseRows.profileSnapshot(profile, profile.updatedAt())));
    scheduleTasks(profile, fresh);
    return fresh.stream().flatMap(e -> signalFor(appId, userId, e).stream()).toList();
  }

  private void scheduleTasks(Profile profile, List<Event> fresh) {
    String appId = profile.appId();
    String userId = profile.userId();
    var lastActiveAt = profile.activity().lastActiveAt();
    if (lastActiveAt != null && fresh.stream().anyMatch(e -> EventTypes.ACTIVITY.contains(e.type()))) {
      schedule.schedule(
          new ScheduledTask(
              inactivityTaskId(appId, userId), appId, userId, TaskKind.INACTIVITY_CHECK,
              lastActiveAt.plus(inactivity), Map.of("lastActiveAt", lastActiveAt.toString())));
    }
    var trialEndsAt = profile.billing().trialEndsAt();
    if (profile.billing().status() == BillingStatus.TRIALING
        && trialEndsAt != null
        && fresh.stream().anyMatch(e -> EventTypes.TRIAL_STARTED.equals(e.type()))) {
      schedule.schedule(
          new ScheduledTask(
              trialTaskId(appId, userId), appId, userId, TaskKind.TRIAL_ENDING,
              trialEndsAt.minus(TRIAL_REMINDER_LEAD), Map.of("trialEndsAt", trialEndsAt.toString())));
    }
  }

  private static List<Signal> signalFor(String appId, String userId, Event e) {
    SignalType type =
        switch (e.type()) {
          case EventTypes.USER_SIGNUP -> SignalType.SIGNED_UP;
          case EventTypes.PAYMENT_FAILED -> SignalType.PAYMENT_FAILED;
          default -> null;
        };
    if (type == null) {
      return List.of();
    }
    String signalId = StableIds.of("signal", appId, userId, type.name(), e.messageId());
    return List.of(
        new Signal(Signal.VERSION, signalId, appId, userId, type, e.timestamp(), Map.of("eventMessageId", e.messageId())));
  }
}
