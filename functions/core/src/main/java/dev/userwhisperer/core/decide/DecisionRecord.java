package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.analyze.FeatureVector;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.learn.Attribution;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.ScheduledTask;
import dev.userwhisperer.core.message.ScheduledTask.TaskKind;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.profile.ArmCounts;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Responsiveness.Settlement;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What decide keeps of its decisions: every decision in the decision log and the warehouse,
 * whatever its outcome; a RELEASE_DECISION task at a deferred decision's sendAt; and, on the user's
 * profile, the messages sent or scheduled, as pending sends that learning settles ({@link
 * KeptDecision}, which the churn model's training replays from the warehouse's decisions).
 *
 * <p>A marketing decision that fell in a randomized arm ({@link TreatmentAssignment}: sent or
 * withheld by the global holdout or an exploration draw, on either side of the uplift gate) also
 * keeps the user's features as decide scored them ({@link FeatureVector} of the settled profile at
 * the signal's time, with the thresholds decide's model is fed with) in the warehouse table {@code
 * decision_features}: the point-in-time row the learn job trains the per-user uplift models on,
 * with no replay of events.
 *
 * <p>A pending message is settled when its {@link Attribution#DEFAULT} window has passed, by the
 * user's next events (analyze) or next decision, whichever comes first: an answered one as a
 * success and an unanswered one as a failure. Both add the settled outcomes to the app-wide
 * statistics once: the profile update that settles them is what deduplicates.
 */
final class DecisionRecord {
  private final ProfileStore profiles;
  private final DecisionLog log;
  private final Warehouse warehouse;
  private final ArmStatistics arms;

  /**
   * The thresholds of the features decide's per-user models are fed with: both runtimes wire {@link
   * PersonalUplift} with these, so the row is the vector it scored.
   */
  static final LifecycleThresholds FEATURE_THRESHOLDS = LifecycleThresholds.DEFAULTS;

  private final Duration window = Attribution.DEFAULT.window();

  DecisionRecord(ProfileStore profiles, DecisionLog log, Warehouse warehouse, ArmStatistics arms) {
    this.profiles = Objects.requireNonNull(profiles, "profiles");
    this.log = Objects.requireNonNull(log, "log");
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
    this.arms = Objects.requireNonNull(arms, "arms");
  }

  Optional<Decision> find(String appId, String decisionId) {
    return log.find(appId, decisionId);
  }

  /** The user as decide judges them at {@code now}: with the pending messages due settled. */
  Profile settledAt(Profile found, Instant now) {
    return found.withResponsiveness(found.responsiveness().settleExpired(now, window).next());
  }

  /**
   * Keeps a new decision made at {@code now}: on the profile (the settled messages, and the message
   * it sends), in the log and the warehouse; a DEFERRED one with the task that releases it on the
   * profile, in the same write.
   *
   * @param found the profile as read before deciding
   * @param judged the profile decide judged: {@code found} settled at {@code now}
   * @param arm the randomized arm the decision fell in, null when none
   */
  void keep(
      Profile found, Profile judged, Decision decision, TreatmentAssignment arm, Instant now) {
    remember(found, decision, now);
    logged(decision);
    trainingRow(judged, decision, arm, now);
  }

  /** The task that releases a DEFERRED decision when its send time comes. */
  private static ScheduledTask releaseTask(Decision decision) {
    return new ScheduledTask(
        Ids.releaseTask(decision.decisionId()),
        decision.appId(),
        decision.userId(),
        TaskKind.RELEASE_DECISION,
        decision.sendAt(),
        Map.of("decisionId", decision.decisionId()));
  }

  /**
   * Keeps the decision that releases {@code deferred}; when it sends nothing (withdrawn), the
   * deferred message leaves the user's pending messages, as it was never sent.
   */
  void keepRelease(Decision deferred, Decision release) {
    logged(release);
    KeptDecision kept = KeptDecision.of(release);
    if (release.outcome() != Outcome.SEND) {
      profiles.update(
          deferred.appId(), deferred.userId(), p -> p.withResponsiveness(kept.applyTo(p).next()));
    }
  }

  /** The stored profile, or an empty one for a user analyze has not seen. */
  Profile found(String appId, String userId) {
    return profiles.find(appId, userId).orElseGet(() -> Profile.empty(appId, userId));
  }

  /**
   * Writes the decision's features when it fell in a randomized arm, with the arm and its
   * probability of treatment ({@link TreatmentDraw}); not for a trial's last call, which is part of
   * its reminder's treatment.
   */
  private void trainingRow(
      Profile judged, Decision decision, TreatmentAssignment arm, Instant now) {
    if (arm == null || SignalType.TRIAL_LAST_CALL.name().equals(decision.signalType())) {
      return;
    }
    warehouse.append(
        Table.DECISION_FEATURES,
        List.of(
            WarehouseRows.decisionFeatures(
                decision,
                arm.treated(),
                arm.probability(),
                FeatureVector.of(judged, now, FEATURE_THRESHOLDS))));
  }

  private void logged(Decision decision) {
    log.record(decision);
    warehouse.append(Table.DECISIONS, List.of(WarehouseRows.decision(decision)));
  }

  /**
   * Writes to the profile, in one update, what keeping the decision does to the user's messages
   * ({@link KeptDecision}: the failures settled as of {@code now} and the message the decision
   * sends), and adds the settled failures to the app-wide counts; writes nothing when it changes
   * nothing.
   */
  private void remember(Profile found, Decision decision, Instant now) {
    KeptDecision kept = KeptDecision.of(decision);
    if (!kept.changes(found.responsiveness())) {
      return;
    }
    AtomicReference<Map<String, ArmCounts>> settled = new AtomicReference<>(Map.of());
    profiles.update(
        decision.appId(),
        decision.userId(),
        current -> {
          Settlement s = kept.applyTo(current);
          settled.set(s.added());
          Profile next = current.withResponsiveness(s.next());
          return decision.outcome() == Outcome.DEFERRED
              ? next.withSchedule(next.schedule().with(releaseTask(decision)))
              : next;
        });
    if (!settled.get().isEmpty()) {
      arms.add(decision.appId(), settled.get(), now);
    }
  }
}
