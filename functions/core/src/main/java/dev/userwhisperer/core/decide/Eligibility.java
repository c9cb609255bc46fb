package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.profile.Profile;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether the chosen intervention may reach the user, and on which channels, in this order:
 *
 * <ol>
 *   <li>the global holdout, for marketing (non-transactional) interventions: HELD_OUT {@code
 *       holdout}, naming the intervention withheld. A transactional message (a failed payment) is a
 *       service the user needs, so held-out users get it too;
 *   <li>the eligible channels: an address, consent and no unsubscribe or complaint ({@code
 *       unsubscribed}, {@code no_consent}, {@code no_address} when there is none); for marketing,
 *       only those whose cost ({@link ChannelCosts}, the app's own or the policy's) the expected
 *       effect exceeds by more than {@link DecisionPolicy#minUplift()} ({@code no_uplift} when none
 *       is worth it);
 *   <li>the adaptive frequency cap for marketing ({@code frequency_cap}): {@link
 *       DecisionPolicy#maxPerDay()} a day and {@link DecisionPolicy#fatigueCap} over the longer
 *       window, which halves the weekly cap for every {@link DecisionPolicy#ignoredPerHalving()}
 *       messages in a row that the user ignored, down to one per two weeks, and is restored by any
 *       open, click or conversion (a {@linkplain Intervention#deadline() deadline}, the trial
 *       reminder and its last call alike, is held to the full weekly cap);
 *   <li>the trial reminder's slot ({@code reserved_for_trial_ending}): a marketing message that
 *       would leave no room under the full caps for the trial-ending reminder due within their
 *       window is not sent when the reminder's expected uplift is higher;
 *   <li>last, the exploration draw, for marketing interventions: {@link
 *       DecisionPolicy#explorationPercent()} of the decisions that would be sent, by a stable hash
 *       of the decision id, are HELD_OUT {@code exploration}, with that share as their propensity
 *       (and the sent ones carry its complement). Drawn after every other check, the withheld and
 *       the sent decisions passed the same filters, so they compare like with like: each
 *       intervention's effect keeps being measured among the users decide does message, not only in
 *       the global holdout.
 * </ol>
 *
 * Caps count the user's messages by {@code sendAt} back from the signal's time.
 */
final class Eligibility {
  private final DecisionLog log;
  private final UpliftModel uplift;
  private final DecisionPolicy policy;
  private final ChannelCosts costs;

  Eligibility(DecisionLog log, UpliftModel uplift, DecisionPolicy policy, ChannelCosts costs) {
    this.log = Objects.requireNonNull(log, "log");
    this.uplift = Objects.requireNonNull(uplift, "uplift");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.costs = Objects.requireNonNull(costs, "costs");
  }

  /** Whether the user is in the global holdout: a stable hash of app and user, below the share. */
  static boolean inHoldout(String appId, String userId, int holdoutPercent) {
    return Ids.holdoutPercentile(appId, userId) < holdoutPercent;
  }

  /**
   * The channels the intervention may take to the user, in its order of preference, or why none.
   *
   * @param channels not empty when {@code notSent} is null
   * @param notSent why the intervention does not reach the user; null when it may
   * @param treatmentPropensity the probability of the exploration draw's result: the exploration
   *     share when withheld, its complement when not, 1 when there was no draw
   */
  record Verdict(List<Channel> channels, DecisionReason notSent, double treatmentPropensity) {
    static Verdict no(DecisionReason reason) {
      return new Verdict(List.of(), reason, 1.0);
    }
  }

  Verdict check(Signal signal, Intervention intervention, double upliftNow, Profile profile) {
    boolean marketing = !intervention.transactional();
    if (marketing && inHoldout(signal.appId(), signal.userId(), policy.holdoutPercent())) {
      return Verdict.no(DecisionReason.HOLDOUT);
    }
    ChannelEligibility eligible = ChannelEligibility.of(intervention, profile.reachability());
    if (eligible.channels().isEmpty()) {
      return Verdict.no(eligible.reason());
    }
    List<Channel> worth = eligible.channels();
    if (marketing) {
      worth =
          worth.stream()
              .filter(c -> upliftNow - costs.of(signal.appId(), c) > policy.minUplift())
              .toList();
      if (worth.isEmpty()) {
        return Verdict.no(DecisionReason.NO_UPLIFT);
      }
    }
    if (marketing) {
      RecentMessages recent = new RecentMessages(signal);
      int ignored = intervention.deadline() ? 0 : profile.responsiveness().ignoredStreak();
      if (capped(recent, ignored)) {
        return Verdict.no(DecisionReason.FREQUENCY_CAP);
      }
      if (takesTrialReminderSlot(recent, intervention, upliftNow, profile)) {
        return Verdict.no(DecisionReason.RESERVED_FOR_TRIAL_ENDING);
      }
    }
    int explore = policy.explorationPercent();
    if (!marketing || explore == 0) {
      return new Verdict(worth, null, 1.0);
    }
    if (Ids.explorationPercentile(Ids.decisionOf(signal)) < explore) {
      return new Verdict(List.of(), DecisionReason.EXPLORATION, explore / 100.0);
    }
    return new Verdict(worth, null, 1 - explore / 100.0);
  }

  private boolean capped(RecentMessages recent, int ignoredStreak) {
    DecisionPolicy.Cap cap = policy.fatigueCap(ignoredStreak);
    return recent.within(DecisionPolicy.DAY) >= policy.maxPerDay()
        || recent.within(cap.window()) >= cap.messages();
  }

  /**
   * Whether sending this message now would leave no room under the base caps for the trial-ending
   * reminder (a {@link Intervention#deadline()}) the user is due within a cap window, when the
   * reminder is expected to do more. The cap is a budget, and a reminder at a deadline cannot wait
   * for the next window the way a tip can.
   */
  private boolean takesTrialReminderSlot(
      RecentMessages recent, Intervention intervention, double upliftNow, Profile profile) {
    if (intervention.deadline()) {
      return false;
    }
    Instant reminderAt = profile.billing().trialReminderAt().orElse(null);
    if (reminderAt == null
        || !reminderAt.isAfter(recent.now())
        || !(uplift.predict(InterventionCatalog.TRIAL_ENDING.name(), profile, recent.now()).uplift()
            > upliftNow)) {
      return false;
    }
    Duration ahead = Duration.between(recent.now(), reminderAt);
    DecisionPolicy.Cap cap = policy.fatigueCap(0);
    return leavesNoRoom(recent, ahead, DecisionPolicy.DAY, policy.maxPerDay())
        || leavesNoRoom(recent, ahead, cap.window(), cap.messages());
  }

  /** Whether this message and one {@code ahead} of now would be more than the cap in a window. */
  private static boolean leavesNoRoom(
      RecentMessages recent, Duration ahead, Duration window, int cap) {
    return ahead.compareTo(window) < 0 && recent.within(window) + 2 > cap;
  }

  /** The user's messages counted back from the signal, each window read from the log once. */
  private final class RecentMessages {
    private final Signal signal;
    private final Map<Duration, Integer> counts = new HashMap<>();

    RecentMessages(Signal signal) {
      this.signal = signal;
    }

    int within(Duration window) {
      return counts.computeIfAbsent(
          window,
          w -> log.countMessagesSince(signal.appId(), signal.userId(), signal.at().minus(w)));
    }

    Instant now() {
      return signal.at();
    }
  }
}
