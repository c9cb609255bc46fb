package dev.userwhisperer.core.schedule;

import dev.userwhisperer.core.analyze.AnalyzePolicy;
import dev.userwhisperer.core.analyze.Analyzer;
import dev.userwhisperer.core.analyze.GrowthSignals;
import dev.userwhisperer.core.analyze.LifecycleRules;
import dev.userwhisperer.core.decide.InterventionCatalog;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.ScheduledTask;
import dev.userwhisperer.core.message.ScheduledTask.TaskKind;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.port.EventBus;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.profile.Billing.BillingStatus;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Schedule;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sweep: runs on a timer, finds the profiles with scheduled tasks due ({@link
 * ProfileStore#due}, shard by shard) and turns each due task into at most one signal, which it
 * publishes itself before completing the task (so a crash in between repeats the task, and the
 * deterministic ids make the repeat harmless: decide returns the decision it made for a signal id
 * it has seen). It only raises signals: decide makes every decision.
 *
 * <ul>
 *   <li>INACTIVITY_CHECK: if the user has not been active for the AT_RISK threshold, stores the
 *       lifecycle and the insights (engagement, drift) as of now (with a profile snapshot when the
 *       stage changed) and publishes an INACTIVE signal (id from user and lastActiveAt), unless the
 *       catalog has nothing for it (a cancelled subscription: every such signal would be decided
 *       {@code no_intervention}); else drops the task.
 *   <li>TRIAL_ENDING, TRIAL_LAST_CALL: publishes the signal of that name (id from user and trial
 *       end) if the user is still trialing; decide sends the last call only to a user who has not
 *       answered the reminder.
 *   <li>RELEASE_DECISION: publishes RELEASE_DUE naming the deferred decision (id from user and
 *       decision); decide releases it, or withdraws it if the user can no longer get it.
 *   <li>DRIFT_CHECK: re-evaluates the lifecycle as of now (drift against the user's own baseline
 *       moves with each day), and stores it with a profile snapshot when the stage changed; then
 *       moves the task to the user's next day, until the inactivity check is due, which takes over.
 *   <li>ONBOARDING_CHECK: publishes ONBOARDING_STALLED (id from user and signup time) if the user
 *       has not activated ({@link GrowthSignals#onboardingStalled}).
 *   <li>FEATURE_DISCOVERY_CHECK: publishes FEATURE_DISCOVERY (id from user and signup time) if the
 *       user, by their stage as of now, {@linkplain GrowthSignals#needsFeatureDiscovery needs it}.
 * </ul>
 *
 * A profile's due tasks are completed after their work in one profile update, each replaced by its
 * next occurrence (DRIFT_CHECK) in the same write, so a crash never loses the repeat. A task that
 * analyze or decide replaced meanwhile (an inactivity check moved forward by new events) is kept as
 * they wrote it.
 *
 * <p>A run is bounded: it handles at most {@link Limits#profilesPerRun} profiles, over {@link
 * Limits#parallelism} shards at a time, starting at a shard that moves on every minute; what is
 * left stays due and the next run (a minute later) takes it, so a backlog drains over several runs
 * instead of overrunning one function's timeout.
 */
public final class Sweeper {
  /** How overdue a reminder may be and still be sent: the age limit of analyze's event signals. */
  static final Duration STALE_AFTER = AnalyzePolicy.DEFAULTS.signalMaxAge();

  /** Profiles fetched per query; a shard's queries repeat until it has nothing due. */
  static final int PAGE = 200;

  /**
   * How much one run may do.
   *
   * @param profilesPerRun profiles handled at most; the rest is left due for the next run
   * @param parallelism shards swept at the same time
   * @param sharded whether to query shard by shard (Firestore in production, whose only index on
   *     the due time is sharded) or every shard at once ({@link ProfileStore#ANY_SHARD})
   */
  public record Limits(int profilesPerRun, int parallelism, boolean sharded) {
    /** Every shard in one query, up to 20,000 profiles: a local runner's. */
    public static final Limits DEFAULT = new Limits(20_000, 1, false);

    public Limits {
      if (profilesPerRun < 1 || parallelism < 1) {
        throw new IllegalArgumentException(
            "profilesPerRun and parallelism must be >= 1: " + profilesPerRun + ", " + parallelism);
      }
    }
  }

  private final Limits limits;
  private final ProfileStore profiles;
  private final Warehouse warehouse;
  private final EventBus bus;
  private final LifecycleRules lifecycle;
  private final InterventionCatalog catalog;

  public Sweeper(
      ProfileStore profiles,
      Warehouse warehouse,
      EventBus bus,
      LifecycleRules lifecycle,
      InterventionCatalog catalog) {
    this(profiles, warehouse, bus, lifecycle, catalog, Limits.DEFAULT);
  }

  public Sweeper(
      ProfileStore profiles,
      Warehouse warehouse,
      EventBus bus,
      LifecycleRules lifecycle,
      InterventionCatalog catalog,
      Limits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.profiles = Objects.requireNonNull(profiles, "profiles");
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
    this.bus = Objects.requireNonNull(bus, "bus");
    this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  /**
   * What one run did, for logs and the admin API.
   *
   * @param trialEndingSignals TRIAL_ENDING and TRIAL_LAST_CALL signals published
   * @param releaseSignals RELEASE_DUE signals published
   * @param driftChecks DRIFT_CHECK tasks done
   * @param growthSignals ONBOARDING_STALLED and FEATURE_DISCOVERY signals published
   */
  public record SweepReport(
      int tasks,
      int inactiveSignals,
      int trialEndingSignals,
      int releaseSignals,
      int dropped,
      int driftChecks,
      int growthSignals) {
    public static final SweepReport NONE = new SweepReport(0, 0, 0, 0, 0, 0, 0);

    public SweepReport plus(SweepReport o) {
      return new SweepReport(
          tasks + o.tasks,
          inactiveSignals + o.inactiveSignals,
          trialEndingSignals + o.trialEndingSignals,
          releaseSignals + o.releaseSignals,
          dropped + o.dropped,
          driftChecks + o.driftChecks,
          growthSignals + o.growthSignals);
    }
  }

  private static final SweepReport INACTIVE = new SweepReport(1, 1, 0, 0, 0, 0, 0);
  private static final SweepReport TRIAL = new SweepReport(1, 0, 1, 0, 0, 0, 0);
  private static final SweepReport RELEASE = new SweepReport(1, 0, 0, 1, 0, 0, 0);
  private static final SweepReport DROPPED = new SweepReport(1, 0, 0, 0, 1, 0, 0);
  private static final SweepReport DRIFT = new SweepReport(1, 0, 0, 0, 0, 1, 0);
  private static final SweepReport GROWTH = new SweepReport(1, 0, 0, 0, 0, 0, 1);

  /** A task's work, and the task that replaces it, if it repeats. */
  private record Done(ScheduledTask task, SweepReport report, Optional<ScheduledTask> next) {
    static Done once(ScheduledTask task, SweepReport report) {
      return new Done(task, report, Optional.empty());
    }
  }

  /** Handles the tasks due at {@code now}, within the run's {@link Limits}. */
  public SweepReport run(Instant now) {
    int first = (int) Math.floorMod(now.getEpochSecond() / 60, ProfileStore.SWEEP_SHARDS);
    if (!limits.sharded()) {
      return sweepShard(ProfileStore.ANY_SHARD, new AtomicInteger(limits.profilesPerRun()), now);
    }
    AtomicInteger budget = new AtomicInteger(limits.profilesPerRun());
    AtomicInteger nextShard = new AtomicInteger();
    if (limits.parallelism() == 1) {
      return sweepShards(first, nextShard, budget, now);
    }
    ExecutorService workers = Executors.newFixedThreadPool(limits.parallelism());
    try {
      List<Future<SweepReport>> running = new ArrayList<>();
      for (int i = 0; i < limits.parallelism(); i++) {
        running.add(workers.submit(() -> sweepShards(first, nextShard, budget, now)));
      }
      SweepReport report = SweepReport.NONE;
      for (Future<SweepReport> worker : running) {
        report = report.plus(worker.get());
      }
      return report;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("sweep interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException("sweep failed", e.getCause());
    } finally {
      workers.shutdownNow();
    }
  }

  /** Takes shards in turn from {@code nextShard} until all are swept or the budget is spent. */
  private SweepReport sweepShards(
      int first, AtomicInteger nextShard, AtomicInteger budget, Instant now) {
    SweepReport report = SweepReport.NONE;
    int taken;
    while (budget.get() > 0 && (taken = nextShard.getAndIncrement()) < ProfileStore.SWEEP_SHARDS) {
      report = report.plus(sweepShard((first + taken) % ProfileStore.SWEEP_SHARDS, budget, now));
    }
    return report;
  }

  /** Pages through one shard's due profiles until none is due or the budget is spent. */
  private SweepReport sweepShard(int shard, AtomicInteger budget, Instant now) {
    SweepReport report = SweepReport.NONE;
    while (true) {
      int page = reserve(budget, PAGE);
      if (page == 0) {
        return report;
      }
      List<Profile> due = profiles.due(shard, now, page);
      budget.addAndGet(page - due.size());
      boolean progressed = false;
      for (Profile profile : due) {
        if (!profile.schedule().dueAt(now).isEmpty()) {
          report = report.plus(sweep(profile, now));
          progressed = true;
        }
      }
      // a store whose index keeps coarser times than the profile (Firestore: microseconds) may
      // return a profile a few nanoseconds early: without progress, the shard is done for now
      if (due.size() < page || !progressed) {
        return report;
      }
    }
  }

  /** Takes up to {@code wanted} of the run's budget, so that parallel shards never overspend it. */
  private static int reserve(AtomicInteger budget, int wanted) {
    while (true) {
      int left = budget.get();
      int taken = Math.min(wanted, left);
      if (taken <= 0) {
        return 0;
      }
      if (budget.compareAndSet(left, left - taken)) {
        return taken;
      }
    }
  }

  /** Does the profile's due tasks, then completes them (and sets their repeats) in one update. */
  private SweepReport sweep(Profile profile, Instant now) {
    SweepReport report = SweepReport.NONE;
    List<Done> done = new ArrayList<>();
    for (ScheduledTask task : profile.schedule().dueAt(now)) {
      Done d = handle(task, profile, now);
      done.add(d);
      report = report.plus(d.report());
    }
    profiles.update(
        profile.appId(),
        profile.userId(),
        current -> {
          Schedule schedule = current.schedule();
          for (Done d : done) {
            if (schedule.tasks().contains(d.task())) {
              schedule = schedule.without(d.task());
              schedule = d.next().map(schedule::with).orElse(schedule);
            }
          }
          return current.withSchedule(schedule);
        });
    return report;
  }

  private Done handle(ScheduledTask task, Profile profile, Instant now) {
    Optional<Profile> found = Optional.of(profile);
    return switch (task.kind()) {
      case INACTIVITY_CHECK -> Done.once(task, inactivity(task, found, now));
      case TRIAL_ENDING -> Done.once(task, trial(task, found, SignalType.TRIAL_ENDING, now));
      case TRIAL_LAST_CALL -> Done.once(task, trial(task, found, SignalType.TRIAL_LAST_CALL, now));
      case RELEASE_DECISION -> Done.once(task, releaseDue(task, now));
      case DRIFT_CHECK -> driftCheck(task, found, now);
      case ONBOARDING_CHECK -> Done.once(task, onboarding(task, found, now));
      case FEATURE_DISCOVERY_CHECK -> Done.once(task, featureDiscovery(task, found, now));
    };
  }

  /**
   * Stores the lifecycle as of now when it differs from the stored one; repeats at the start of the
   * user's next day while that comes before the inactivity check. The next occurrence is always
   * after {@code now}, so a run ends.
   */
  private Done driftCheck(ScheduledTask task, Optional<Profile> found, Instant now) {
    Instant lastActiveAt = found.map(p -> p.activity().lastActiveAt()).orElse(null);
    if (lastActiveAt == null) {
      return Done.once(task, DROPPED);
    }
    Profile profile = found.get();
    if (lifecycle.stageAt(profile, asOf(profile, now)) != profile.lifecycle()) {
      Profile moved = profiles.update(task.appId(), task.userId(), p -> withLifecycleAt(p, now));
      warehouse.append(
          Table.PROFILE_SNAPSHOTS,
          List.of(WarehouseRows.profileSnapshot(moved, moved.updatedAt())));
    }
    Instant next = Analyzer.nextDayStart(profile, now);
    boolean inactivityFirst =
        !next.isBefore(lastActiveAt.plus(lifecycle.thresholds().atRiskAfter()));
    return new Done(
        task,
        DRIFT,
        inactivityFirst
            ? Optional.empty()
            : Optional.of(
                new ScheduledTask(
                    task.id(),
                    task.appId(),
                    task.userId(),
                    TaskKind.DRIFT_CHECK,
                    next,
                    task.attributes())));
  }

  private SweepReport onboarding(ScheduledTask task, Optional<Profile> found, Instant now) {
    String signedUpAt = task.attributes().get("signedUpAt");
    if (isStale(task, now) || signedUpAt == null) {
      return DROPPED;
    }
    Optional<Profile> stalled = found.filter(GrowthSignals::onboardingStalled);
    if (stalled.isEmpty()) {
      return DROPPED;
    }
    long steps = stalled.get().activity().count(EventTypes.ONBOARDING_STEP_COMPLETED);
    publishGrowth(
        task,
        SignalType.ONBOARDING_STALLED,
        now,
        Map.of("signedUpAt", signedUpAt, "onboardingSteps", Long.toString(steps)));
    return GROWTH;
  }

  private SweepReport featureDiscovery(ScheduledTask task, Optional<Profile> found, Instant now) {
    String signedUpAt = task.attributes().get("signedUpAt");
    if (isStale(task, now) || signedUpAt == null) {
      return DROPPED;
    }
    Optional<Profile> needs =
        found.filter(
            p -> GrowthSignals.needsFeatureDiscovery(p, lifecycle.stageAt(p, asOf(p, now))));
    if (needs.isEmpty()) {
      return DROPPED;
    }
    publishGrowth(
        task,
        SignalType.FEATURE_DISCOVERY,
        now,
        Map.of(
            "signedUpAt",
            signedUpAt,
            "featuresUsed",
            Integer.toString(needs.get().features().featuresUsed().size())));
    return GROWTH;
  }

  /** A signal of the signup in the task's {@code signedUpAt}: one per signup and type. */
  private void publishGrowth(
      ScheduledTask task, SignalType type, Instant now, Map<String, String> attributes) {
    String signalId = Ids.signal(task.appId(), task.userId(), type, attributes.get("signedUpAt"));
    publish(
        new Signal(Signal.VERSION, signalId, task.appId(), task.userId(), type, now, attributes));
  }

  private SweepReport inactivity(ScheduledTask task, Optional<Profile> found, Instant now) {
    Instant lastActiveAt = found.map(p -> p.activity().lastActiveAt()).orElse(null);
    if (lastActiveAt == null
        || lastActiveAt.plus(lifecycle.thresholds().atRiskAfter()).isAfter(now)) {
      return DROPPED;
    }
    Profile moved = profiles.update(task.appId(), task.userId(), p -> withLifecycleAt(p, now));
    if (moved.lifecycle() != found.get().lifecycle()) {
      // snapshots are written on change only: the stage a user leaves on goes to the warehouse
      warehouse.append(
          Table.PROFILE_SNAPSHOTS,
          List.of(WarehouseRows.profileSnapshot(moved, moved.updatedAt())));
    }
    if (isStale(task, now)
        || catalog.match(SignalType.INACTIVE, moved) instanceof InterventionCatalog.NotApplicable) {
      return DROPPED;
    }
    String signalId =
        Ids.signal(task.appId(), task.userId(), SignalType.INACTIVE, lastActiveAt.toString());
    publish(
        new Signal(
            Signal.VERSION,
            signalId,
            task.appId(),
            task.userId(),
            SignalType.INACTIVE,
            now,
            Map.of("lastActiveAt", lastActiveAt.toString())));
    return INACTIVE;
  }

  private Profile withLifecycleAt(Profile p, Instant now) {
    return lifecycle.evaluate(p, asOf(p, now));
  }

  /** Now, or the profile's own time when events from ahead of the clock have moved it past now. */
  private static Instant asOf(Profile p, Instant now) {
    return p.updatedAt() != null && p.updatedAt().isAfter(now) ? p.updatedAt() : now;
  }

  /** TRIAL_ENDING or TRIAL_LAST_CALL for the profile's trial end, while the user is trialing. */
  private SweepReport trial(
      ScheduledTask task, Optional<Profile> found, SignalType type, Instant now) {
    if (isStale(task, now)) {
      return DROPPED;
    }
    Optional<Profile> trialing =
        found.filter(
            p ->
                p.billing().status() == BillingStatus.TRIALING
                    && p.billing().trialEndsAt() != null);
    if (trialing.isEmpty()) {
      return DROPPED;
    }
    String trialEndsAt = trialing.get().billing().trialEndsAt().toString();
    publish(
        new Signal(
            Signal.VERSION,
            Ids.signal(task.appId(), task.userId(), type, trialEndsAt),
            task.appId(),
            task.userId(),
            type,
            now,
            Map.of("trialEndsAt", trialEndsAt)));
    return TRIAL;
  }

  /** RELEASE_DUE for the deferred decision the task names: one per decision. */
  private SweepReport releaseDue(ScheduledTask task, Instant now) {
    String deferredId = task.attributes().get("decisionId");
    if (deferredId == null) {
      return DROPPED;
    }
    publish(
        new Signal(
            Signal.VERSION,
            Ids.signal(task.appId(), task.userId(), SignalType.RELEASE_DUE, deferredId),
            task.appId(),
            task.userId(),
            SignalType.RELEASE_DUE,
            now,
            Map.of("decisionId", deferredId)));
    return RELEASE;
  }

  /**
   * An inactivity check or trial reminder overdue by more than {@link #STALE_AFTER} is old news (a
   * backfilled import, a sweep that was down for days): the profile still moves on, but no signal
   * goes out, as analyze raises none for old events either.
   */
  private static boolean isStale(ScheduledTask task, Instant now) {
    return task.dueAt().plus(STALE_AFTER).isBefore(now);
  }

  private void publish(Signal signal) {
    bus.publish(List.of(signal));
  }
}
