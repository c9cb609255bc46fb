package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.profile.Profile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Whether the chosen intervention may reach the user, and on which channels, in this order:
 *
 * <ol>
 *   <li>the eligible channels: an address, consent and no unsubscribe or complaint ({@code
 *       unsubscribed}, {@code no_consent}, {@code no_address} when there is none);
 *   <li>the adaptive frequency cap for marketing ({@code frequency_cap}): {@link
 *       DecisionPolicy#maxPerDay()} a day and {@link DecisionPolicy#fatigueCap} over the longer
 *       window, which halves the weekly cap for every {@link DecisionPolicy#ignoredPerHalving()}
 *       messages in a row that the user ignored, down to one per two weeks, and is restored by any
 *       open, click or conversion (a {@linkplain Intervention#deadline() deadline}, the trial
 *       reminder and its last call alike, is held to the full weekly cap);
 *   <li>the trial reminder's slot ({@code reserved_for_trial_ending}): a marketing message that
 *       would leave no room under the full caps for the trial-ending reminder due within their
 *       window is not sent when the reminder's expected uplift is higher.
 * </ol>
 *
 * The uplift gate, the global holdout and the exploration draws come after these ({@link
 * TreatmentDraw}), so that held-out and sent decisions passed the same checks. Caps count the
 * user's messages by {@code sendAt} back from the signal's time.
 */
final class Eligibility {
  private final DecisionLog log;
  private final UpliftModel uplift;
  private final DecisionPolicy policy;

  Eligibility(DecisionLog log, UpliftModel uplift, DecisionPolicy policy) {
    this.log = Objects.requireNonNull(log, "log");
    this.uplift = Objects.requireNonNull(uplift, "uplift");
    this.policy = Objects.requireNonNull(policy, "policy");
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
   */
  record Verdict(List<Channel> channels, DecisionReason notSent) {
    static Verdict no(DecisionReason reason) {
      return new Verdict(List.of(), reason);
    }
  }

  Verdict check(Signal signal, Intervention intervention, double upliftNow, Profile profile) {
    ChannelEligibility eligible = ChannelEligibility.of(intervention, profile.reachability());
    if (eligible.channels().isEmpty()) {
      return Verdict.no(eligible.reason());
    }
    if (!intervention.transactional()) {
      int ignored = intervention.deadline() ? 0 : profile.responsiveness().ignoredStreak();
      RecentMessages recent = new RecentMessages(signal, longestCapWindow(ignored));
      if (capped(recent, ignored)) {
        return Verdict.no(DecisionReason.FREQUENCY_CAP);
      }
      if (takesTrialReminderSlot(recent, intervention, upliftNow, profile)) {
        return Verdict.no(DecisionReason.RESERVED_FOR_TRIAL_ENDING);
      }
    }
    return new Verdict(eligible.channels(), null);
  }

  /** The longest window {@link #capped} and {@link #takesTrialReminderSlot} count messages in. */
  private Duration longestCapWindow(int ignoredStreak) {
    Duration capWindow = policy.fatigueCap(ignoredStreak).window();
    Duration fullCapWindow = policy.fatigueCap(0).window();
    Duration longer = capWindow.compareTo(fullCapWindow) >= 0 ? capWindow : fullCapWindow;
    return longer.compareTo(DecisionPolicy.DAY) >= 0 ? longer : DecisionPolicy.DAY;
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

  /**
   * The user's messages counted back from the signal: read from the log once, over the longest cap
   * window the checks may ask about, each shorter window counted from those (one query on the
   * decision log per decision, not one per window).
   */
  private final class RecentMessages {
    private final Signal signal;
    private Duration read;
    private List<Instant> times;

    RecentMessages(Signal signal, Duration longest) {
      this.signal = signal;
      this.read = longest;
    }

    int within(Duration window) {
      if (times == null || window.compareTo(read) > 0) {
        read = window.compareTo(read) > 0 ? window : read;
        times = log.messagesSince(signal.appId(), signal.userId(), signal.at().minus(read));
      }
      Instant since = signal.at().minus(window);
      return (int) times.stream().filter(t -> !t.isBefore(since)).count();
    }

    Instant now() {
      return signal.at();
    }
  }
}
