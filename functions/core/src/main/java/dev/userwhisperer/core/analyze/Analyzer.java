package dev.userwhisperer.core.analyze;

import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.ScheduledTask;
import dev.userwhisperer.core.message.ScheduledTask.TaskKind;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.port.ChurnScorer;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.profile.ArmCounts;
import dev.userwhisperer.core.profile.Billing;
import dev.userwhisperer.core.profile.ChurnScore;
import dev.userwhisperer.core.profile.Features;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Schedule;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The analyze stage: applies one user's event batch to the profile in one transaction and returns
 * the signals the batch's events raise ({@code user_signup} → SIGNED_UP, {@code payment_failed} →
 * PAYMENT_FAILED). It also appends the events to the warehouse, and a profile snapshot when {@link
 * SnapshotChange} says a reader of snapshots would see a change; and it keeps the user's
 * INACTIVITY_CHECK, DRIFT_CHECK, TRIAL_ENDING and TRIAL_LAST_CALL checks current on the profile's
 * {@linkplain Profile#schedule() schedule}, in the profile's own write; a {@code user_signup} sets
 * the ONBOARDING_CHECK and FEATURE_DISCOVERY_CHECK of {@link GrowthSignals}.
 *
 * <p>Idempotent, and losing nothing to a crash: the profile remembers the events it has applied, so
 * a redelivered batch changes no profile. Everything else is derived from every event of the batch,
 * whether applied now or by an earlier delivery, and is itself idempotent: signal ids derive from
 * the event, and the warehouse ignores rows it already holds. The checks are set from the newly
 * applied events only, in the same transaction as the profile, so a redelivery sets none again. So
 * a batch redelivered after a crash between the profile commit and the publishing of its signals
 * returns the same signals again instead of none; decide returns the decision it recorded for a
 * signal it has seen, and compose and deliver are idempotent by id, so nothing is sent twice.
 *
 * <p>Opens, clicks and conversions settle the user's pending messages as successes (see {@link
 * ProfileUpdater}); the counts settled by the committed profile update are added to the app-wide
 * {@link ArmStatistics} once. A crash between the two loses those app-wide counts (the user's are
 * kept): at most once, never twice.
 *
 * <p>An event raises a signal only while it is news: its timestamp at most {@link
 * AnalyzePolicy#signalMaxAge()} before the clock. Older events (backfills, imports, long-delayed
 * deliveries) are folded into the profile all the same.
 *
 * <p>With a {@link ChurnScorer}, the profile is scored after each batch, on its features as of its
 * {@code updatedAt}, and the score is kept in the profile. When the probability crosses {@link
 * AnalyzePolicy#churnThreshold()} upward the profile remembers the event time of the crossing, and
 * the batch that caused it (and any redelivery of it) raises CHURN_RISK, its id derived from the
 * user, the model version and that time.
 *
 * <p>The batch after which a user on no paid plan is {@linkplain GrowthSignals#readyToUpgrade ready
 * to upgrade}, and was not before it in the same episode, raises READY_TO_UPGRADE, its id derived
 * from the user and the episode; so does a redelivered batch while the user is ready (decide knows
 * the id by then).
 *
 * <p>An {@code alias} event first merges the anonymous profile it names into the batch's user
 * ({@link AliasMerge}); a batch of an anonymous user merged so is applied to that user instead.
 *
 * <p>The DRIFT_CHECK falls due at the start of the user's next day (in their time zone), when the
 * drift window moves; it is set only for a user whose baseline will have enough history for drift
 * to count before the inactivity check takes over.
 */
public final class Analyzer implements Function<UserEventBatch, List<Signal>> {
  private final ProfileStore profiles;
  private final Warehouse warehouse;
  private final ArmStatistics arms;
  private final ProfileUpdater updater;
  private final Duration inactivity;
  private final Duration signalMaxAge;
  private final double churnThreshold;
  private final LifecycleThresholds thresholds;
  private final Optional<ChurnScorer> scorer;
  private final Clock clock;

  /**
   * The inactivity check falls due when the user would turn AT_RISK ({@code
   * rules.thresholds().atRiskAfter()}).
   */
  public Analyzer(
      ProfileStore profiles,
      Warehouse warehouse,
      ArmStatistics arms,
      LifecycleRules rules,
      AnalyzePolicy policy,
      Clock clock) {
    this(profiles, warehouse, arms, rules, policy, Optional.empty(), clock);
  }

  /** An analyzer that also scores churn with {@code scorer}, when present. */
  public Analyzer(
      ProfileStore profiles,
      Warehouse warehouse,
      ArmStatistics arms,
      LifecycleRules rules,
      AnalyzePolicy policy,
      Optional<ChurnScorer> scorer,
      Clock clock) {
    this.profiles = Objects.requireNonNull(profiles, "profiles");
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
    this.arms = Objects.requireNonNull(arms, "arms");
    this.updater = new ProfileUpdater(rules);
    this.inactivity = rules.thresholds().atRiskAfter();
    this.signalMaxAge = Objects.requireNonNull(policy, "policy").signalMaxAge();
    this.churnThreshold = policy.churnThreshold();
    this.thresholds = rules.thresholds();
    this.scorer = Objects.requireNonNull(scorer, "scorer");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The start of the user's next day (in the profile's time zone) after {@code at}. */
  public static Instant nextDayStart(Profile profile, Instant at) {
    ZoneId zone = Features.zone(profile.timezone());
    return at.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
  }

  @Override
  public List<Signal> apply(UserEventBatch batch) {
    String appId = batch.appId();
    String userId = batch.userId();
    AliasMerge.mergeAliased(profiles, appId, userId, batch.events());

    Instant oldest = clock.instant().minus(signalMaxAge);
    AtomicReference<ProfileUpdater.Result> update = new AtomicReference<>();
    AtomicReference<Profile> before = new AtomicReference<>();
    AtomicReference<String> mergedInto = new AtomicReference<>();
    Profile profile =
        profiles.update(
            appId,
            userId,
            current -> {
              mergedInto.set(current.mergedInto());
              if (current.mergedInto() != null) {
                return current;
              }
              ProfileUpdater.Result result = updater.apply(current, batch.events());
              update.set(result);
              before.set(current);
              Profile next = result.profile();
              return next.withSchedule(scheduled(next, result.applied(), oldest));
            });
    if (mergedInto.get() != null) {
      // an alias merged this (anonymous) user into another: the events are that user's now
      return apply(
          new UserEventBatch(
              UserEventBatch.VERSION, batch.batchId(), appId, mergedInto.get(), batch.events()));
    }
    warehouse.appendLater(
        Table.EVENTS,
        () -> batch.events().stream().map(e -> WarehouseRows.event(appId, userId, e)).toList());
    Map<String, ArmCounts> settled = update.get().settled();
    if (!settled.isEmpty()) {
      arms.add(appId, settled, Objects.requireNonNullElseGet(profile.updatedAt(), clock::instant));
    }
    List<Event> events = distinctByMessageId(batch.events());
    if (scorer.isPresent()) {
      profile = scoreChurn(profile, scorer.get());
    }

    if (update.get().applied().isEmpty() || SnapshotChange.shows(before.get(), profile)) {
      // a batch that applied nothing is a redelivery: its snapshot again, in case a crash lost it
      Profile snapshot = profile;
      warehouse.appendLater(
          Table.PROFILE_SNAPSHOTS,
          () -> List.of(WarehouseRows.profileSnapshot(snapshot, snapshot.updatedAt())));
    }
    return Stream.of(
            events.stream().flatMap(e -> signalFor(appId, userId, e).stream()),
            churnRisk(profile, events).stream(),
            readyToUpgrade(before.get(), !update.get().applied().isEmpty(), profile).stream())
        .flatMap(Function.identity())
        .filter(s -> !s.at().isBefore(oldest))
        .toList();
  }

  /**
   * Scores the profile as written and stores the score, unless a newer batch has moved the profile
   * on meanwhile (that batch scores it). The model is called outside the profile's transaction.
   */
  private Profile scoreChurn(Profile profile, ChurnScorer churn) {
    Instant at = profile.updatedAt();
    if (at == null || !churn.scores(profile.appId())) {
      return profile;
    }
    Optional<ChurnScorer.Score> score =
        churn.score(profile.appId(), FeatureVector.of(profile, at, thresholds));
    if (score.isEmpty()) {
      return profile;
    }
    ChurnScorer.Score s = score.get();
    return profiles.update(
        profile.appId(),
        profile.userId(),
        current -> {
          if (!at.equals(current.updatedAt())) {
            return current;
          }
          ChurnScore previous = current.churn();
          Instant atRiskSince = null;
          if (s.probability() >= churnThreshold) {
            atRiskSince =
                previous != null && previous.atRiskSince() != null ? previous.atRiskSince() : at;
          }
          return current.withChurn(
              new ChurnScore(s.probability(), s.modelVersion(), at, atRiskSince));
        });
  }

  /** CHURN_RISK when one of the batch's events is the one whose scoring crossed the threshold. */
  private static Optional<Signal> churnRisk(Profile profile, List<Event> events) {
    ChurnScore churn = profile.churn();
    if (churn == null || churn.atRiskSince() == null) {
      return Optional.empty();
    }
    Instant since = churn.atRiskSince();
    if (events.stream().noneMatch(e -> e.timestamp().equals(since))) {
      return Optional.empty();
    }
    String signalId =
        Ids.signal(
            profile.appId(),
            profile.userId(),
            SignalType.CHURN_RISK,
            churn.modelVersion(),
            since.toString());
    return Optional.of(
        new Signal(
            Signal.VERSION,
            signalId,
            profile.appId(),
            profile.userId(),
            SignalType.CHURN_RISK,
            since,
            Map.of(
                "probability", Double.toString(churn.probability()),
                "modelVersion", churn.modelVersion())));
  }

  /**
   * READY_TO_UPGRADE when the batch made the user ready in this episode; when the batch applied
   * nothing new (a redelivery), whenever the user is ready, so that a crash before publishing loses
   * nothing.
   */
  private static Optional<Signal> readyToUpgrade(
      Profile before, boolean appliedNew, Profile after) {
    if (!GrowthSignals.readyToUpgrade(after) || after.updatedAt() == null) {
      return Optional.empty();
    }
    String episode = GrowthSignals.upgradeEpisode(after);
    boolean wasReady =
        GrowthSignals.readyToUpgrade(before)
            && GrowthSignals.upgradeEpisode(before).equals(episode);
    if (appliedNew && wasReady) {
      return Optional.empty();
    }
    String signalId =
        Ids.signal(after.appId(), after.userId(), SignalType.READY_TO_UPGRADE, episode);
    return Optional.of(
        new Signal(
            Signal.VERSION,
            signalId,
            after.appId(),
            after.userId(),
            SignalType.READY_TO_UPGRADE,
            after.updatedAt(),
            Map.of(
                "episode", episode,
                "lifecycle", after.lifecycle().name(),
                "engagement", Integer.toString(after.insights().engagement()))));
  }

  /** The first event of each messageId, as {@link ProfileUpdater} applies them. */
  private static List<Event> distinctByMessageId(List<Event> events) {
    Map<String, Event> first = new LinkedHashMap<>();
    events.forEach(e -> first.putIfAbsent(e.messageId(), e));
    return List.copyOf(first.values());
  }

  /**
   * The profile's schedule with the checks the newly applied {@code events} set: replaced by id, so
   * each moves forward with the user's events.
   */
  private Schedule scheduled(Profile profile, List<Event> events, Instant oldest) {
    Schedule schedule = profile.schedule();
    String appId = profile.appId();
    String userId = profile.userId();
    var lastActiveAt = profile.activity().lastActiveAt();
    if (lastActiveAt != null
        && events.stream().anyMatch(e -> EventTypes.ACTIVITY.contains(e.type()))) {
      schedule =
          schedule.with(
              new ScheduledTask(
                  Ids.task(TaskKind.INACTIVITY_CHECK, appId, userId),
                  appId,
                  userId,
                  TaskKind.INACTIVITY_CHECK,
                  lastActiveAt.plus(inactivity),
                  Map.of("lastActiveAt", lastActiveAt.toString())));
      Instant nextDay = nextDayStart(profile, lastActiveAt);
      if (driftCanCountBefore(profile, nextDay)) {
        schedule =
            schedule.with(
                new ScheduledTask(
                    Ids.task(TaskKind.DRIFT_CHECK, appId, userId),
                    appId,
                    userId,
                    TaskKind.DRIFT_CHECK,
                    nextDay,
                    Map.of("lastActiveAt", lastActiveAt.toString())));
      }
    }
    Optional<Event> signup =
        events.stream()
            .filter(e -> EventTypes.USER_SIGNUP.equals(e.type()))
            .max(Comparator.comparing(Event::timestamp));
    if (signup.isPresent()) {
      Instant signedUpAt = signup.get().timestamp();
      Map<String, String> signedUp = Map.of("signedUpAt", signedUpAt.toString());
      Instant onboardingDue = signedUpAt.plus(GrowthSignals.ONBOARDING_WINDOW);
      if (!onboardingDue.isBefore(oldest)) {
        schedule =
            schedule.with(
                new ScheduledTask(
                    Ids.task(TaskKind.ONBOARDING_CHECK, appId, userId),
                    appId,
                    userId,
                    TaskKind.ONBOARDING_CHECK,
                    onboardingDue,
                    signedUp));
      }
      Instant discoveryDue = signedUpAt.plus(GrowthSignals.DISCOVERY_AFTER);
      if (!discoveryDue.isBefore(oldest)) {
        schedule =
            schedule.with(
                new ScheduledTask(
                    Ids.task(TaskKind.FEATURE_DISCOVERY_CHECK, appId, userId),
                    appId,
                    userId,
                    TaskKind.FEATURE_DISCOVERY_CHECK,
                    discoveryDue,
                    signedUp));
      }
    }
    Billing billing = profile.billing();
    if (billing.trialReminderAt().isPresent()
        && events.stream().anyMatch(e -> EventTypes.TRIAL_STARTED.equals(e.type()))) {
      Map<String, String> trialEnd = Map.of("trialEndsAt", billing.trialEndsAt().toString());
      schedule =
          schedule.with(
              new ScheduledTask(
                  Ids.task(TaskKind.TRIAL_ENDING, appId, userId),
                  appId,
                  userId,
                  TaskKind.TRIAL_ENDING,
                  billing.trialReminderAt().get(),
                  trialEnd));
      schedule =
          schedule.with(
              new ScheduledTask(
                  Ids.task(TaskKind.TRIAL_LAST_CALL, appId, userId),
                  appId,
                  userId,
                  TaskKind.TRIAL_LAST_CALL,
                  billing.trialLastCallAt().get(),
                  trialEnd));
    }
    return schedule;
  }

  /**
   * Whether the baseline, as of the drift check on {@code nextDay}, will have the history drift
   * needs by the time the inactivity check takes over (its history grows a day a day).
   */
  private boolean driftCanCountBefore(Profile profile, Instant nextDay) {
    Features f = profile.features();
    LocalDate day = nextDay.atZone(Features.zone(profile.timezone())).toLocalDate();
    int days =
        f.baseline()
            .foldedThrough(f.day(), f.dayEvents(), day.minusDays(Features.DRIFT_WINDOW_DAYS + 1L))
            .days();
    return days + inactivity.toDays() >= thresholds.driftMinBaselineDays();
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
    String signalId = Ids.signal(appId, userId, type, e.messageId());
    return List.of(
        new Signal(
            Signal.VERSION,
            signalId,
            appId,
            userId,
            type,
            e.timestamp(),
            Map.of("eventMessageId", e.messageId())));
  }
}
