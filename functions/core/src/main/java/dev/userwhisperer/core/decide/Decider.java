package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.learn.Attribution;
import dev.userwhisperer.core.learn.BetaPosterior;
import dev.userwhisperer.core.learn.HierarchicalPrior;
import dev.userwhisperer.core.learn.ThompsonChoice;
import dev.userwhisperer.core.learn.ThompsonSampler;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Decision.Candidate;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.ScheduledTask;
import dev.userwhisperer.core.message.ScheduledTask.TaskKind;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.ScheduleStore;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.profile.ArmCounts;
import dev.userwhisperer.core.profile.Arms;
import dev.userwhisperer.core.profile.Features;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Responsiveness;
import dev.userwhisperer.core.profile.Responsiveness.PendingSend;
import dev.userwhisperer.core.profile.Responsiveness.Settlement;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The decide stage: turns a signal into one {@link Decision}, records it (decision log and
 * warehouse) whatever its outcome, and returns it only when it is to be composed now (SEND).
 *
 * <p>The rules, in order:
 *
 * <ol>
 *   <li>the {@link InterventionCatalog} offers candidates ({@code no_intervention}, {@code
 *       already_converted} when none); they are ranked by the {@link UpliftModel}'s expected uplift
 *       for this user, and the best is taken; a trial's last call is not sent to a user who
 *       answered its reminder ({@code reminder_answered}); if the intervention is non-transactional
 *       and its uplift is not above {@link DecisionPolicy#minUplift()}, nothing is sent ({@code
 *       no_uplift});
 *   <li>the global holdout for non-transactional interventions (HELD_OUT {@code holdout}, naming
 *       the intervention withheld);
 *   <li>the eligible channels: an address, consent and no unsubscribe or complaint ({@code
 *       unsubscribed}, {@code no_consent}, {@code no_address} when there is none);
 *   <li>the adaptive frequency cap for non-transactional interventions ({@code frequency_cap}):
 *       {@link DecisionPolicy#maxPerDay()} a day and {@link DecisionPolicy#fatigueCap} over the
 *       longer window, which halves the weekly cap for every {@link
 *       DecisionPolicy#ignoredPerHalving()} messages in a row that the user ignored, down to one
 *       per two weeks, and is restored by any open, click or conversion (a {@linkplain
 *       Intervention#deadline() deadline}, the trial reminder and its last call alike, is held to
 *       the full weekly cap);
 *   <li>the trial reminder's slot ({@code reserved_for_trial_ending}): a non-transactional message
 *       that would leave no room under the full caps for the trial-ending reminder due within their
 *       window is not sent when the reminder's expected uplift is higher;
 *   <li>the channel: Thompson sampling among the eligible channels (only one: chosen with
 *       propensity 1);
 *   <li>the send time, for non-transactional interventions that are not {@link
 *       Intervention#immediate()} when {@link DecisionPolicy#optimiseSendTime()}: Thompson sampling
 *       among the next 24 hour-of-week buckets in the user's time zone that are not within quiet
 *       hours (the current hour included; for a deadline, only those starting {@link
 *       #DEADLINE_NOTICE} before it), each arm's prior leaning towards the hours the user is active
 *       ({@link ActiveHours}); the current hour sends now (SEND {@code eligible}), a later one is
 *       DEFERRED to its start ({@code send_time}, or {@code quiet_hours} when now is quiet) and
 *       released by a RELEASE_DECISION task. Transactional messages go now, or at the end of quiet
 *       hours (DEFERRED {@code quiet_hours}); immediate ones (a welcome) go now, quiet hours or
 *       not: the user has just acted.
 * </ol>
 *
 * <p>The intervention is looked up before the holdout because the holdout measures the uplift of
 * marketing: a transactional message (a failed payment) is a service the user needs, so held-out
 * users get it too, whatever the uplift model says.
 *
 * <p>Bandits: each arm's posterior is the user's own Beta counts ({@link Responsiveness}) on top of
 * the app-wide counts ({@link ArmStatistics}) shrunk by a {@link HierarchicalPrior}; the app-wide
 * belief about a channel starts from public response rates ({@link ChannelBenchmarks}), and a
 * user's belief about an hour leans towards the hours they are active ({@link ActiveHours}). The
 * random generator is seeded from the decisionId, so the choice is a function of the signal and the
 * state. The decision logs its candidates, the channels and hours each bandit chose among, the
 * chosen channel and hour, and the joint propensity (channel times hour, estimated by the sampler's
 * Monte Carlo rounds, never 0).
 *
 * <p>Learning: a sent or scheduled message is added to the user's pending messages; analyze records
 * the user's open, click or conversion within the {@link Attribution#DEFAULT} window as its answer;
 * the user's next events (analyze) or next decision, whichever comes first, settle the pending
 * messages whose window has passed, an answered one as a success and an unanswered one as a failure
 * (no sweep task per message; a user who never comes back leaves their last messages unsettled,
 * successes and failures alike). Both add the settled outcomes to the app-wide statistics once: the
 * profile update that settles them is what deduplicates.
 *
 * <p>On event time: the signal's time ({@link Signal#at()}) is the decision's {@code decidedAt},
 * the {@code sendAt} of a message sent now, the moment whose local time is judged for quiet hours
 * and send time, the end of the frequency-cap windows (which count messages by {@code sendAt}) and
 * the moment expired messages are settled at. No clock is read, so a replay of the same signals
 * decides the same, and a late signal is dated when it happened.
 *
 * <p>Idempotent: the decisionId derives from the signal, and a signal already decided returns the
 * recorded decision instead of deciding again (which would count the first decision against the
 * frequency cap).
 */
public final class Decider implements Function<Signal, List<Decision>> {
  /**
   * Monte Carlo rounds behind each propensity: 250 keeps a decision's sampling (at most 24 hours
   * and 3 channels, 6,750 Beta draws) inside the 5 ms budget on a shared 2-core machine, where
   * 1,000 rounds took 9 ms at the median. The price: a standard error of at most 0.032 per
   * propensity, and inverse-propensity weights up to 250 per bandit (62,500 joint).
   */
  static final int PROPENSITY_DRAWS = 250;

  static final Duration SEND_TIME_HORIZON = Duration.ofHours(24);

  /**
   * The least time a deadline message (the trial's end) leaves the user to act: the send-time
   * bandit chooses only among hours that start this long before the deadline, so that a last call
   * does not arrive in the trial's final hours, when the user may not read it before it ends.
   */
  static final Duration DEADLINE_NOTICE = Duration.ofHours(12);

  private final ProfileStore profiles;
  private final DecisionLog log;
  private final Warehouse warehouse;
  private final ScheduleStore schedule;
  private final ArmStatistics arms;
  private final InterventionCatalog catalog;
  private final UpliftModel uplift;
  private final DecisionPolicy policy;
  private final HierarchicalPrior prior = HierarchicalPrior.DEFAULT;
  private final Duration window = Attribution.DEFAULT.window();

  public Decider(
      ProfileStore profiles,
      DecisionLog log,
      Warehouse warehouse,
      ScheduleStore schedule,
      ArmStatistics arms,
      InterventionCatalog catalog,
      UpliftModel uplift,
      DecisionPolicy policy) {
    this.profiles = Objects.requireNonNull(profiles, "profiles");
    this.log = Objects.requireNonNull(log, "log");
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.arms = Objects.requireNonNull(arms, "arms");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.uplift = Objects.requireNonNull(uplift, "uplift");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** Whether the user is in the global holdout: a stable hash of app and user, below the share. */
  public static boolean inHoldout(String appId, String userId, int holdoutPercent) {
    return Ids.holdoutPercentile(appId, userId) < holdoutPercent;
  }

  /**
   * The decision that releases a deferred one at its sendAt, judged against the user as they are
   * now, since a day may have passed: its own id ({@code <deferredId>:released}) so that the log
   * keeps both, same signal, intervention and candidates, and either
   *
   * <ul>
   *   <li>SEND {@code released}, with the deferral's channel, sendAt and propensities, or
   *   <li>NOT_ELIGIBLE when the catalog no longer offers the intervention for the signal (a trial
   *       reminder to a user who has subscribed since: {@code already_converted}; a win-back to a
   *       user who cancelled: {@code no_intervention}) or the channel is no longer eligible ({@code
   *       unsubscribed}, {@code no_consent}, {@code no_address}).
   * </ul>
   *
   * See {@link Decision}.
   */
  public static Decision release(
      Decision deferred, Profile profile, InterventionCatalog catalog, Instant releasedAt) {
    if (deferred.outcome() != Outcome.DEFERRED) {
      throw new IllegalArgumentException(
          "only a DEFERRED decision is released: " + deferred.decisionId());
    }
    Decision sent =
        new Decision(
            Decision.VERSION,
            Ids.released(deferred.decisionId()),
            deferred.appId(),
            deferred.userId(),
            deferred.signalId(),
            deferred.signalType(),
            Outcome.SEND,
            DecisionReason.RELEASED,
            deferred.intervention(),
            deferred.channel(),
            releasedAt,
            deferred.sendAt(),
            deferred.candidates(),
            deferred.sendHour(),
            deferred.channelPropensity(),
            deferred.hourPropensity(),
            deferred.propensity(),
            deferred.channels(),
            deferred.hours());
    DecisionReason withdrawn = withdrawnReason(deferred, profile, catalog);
    return withdrawn == null ? sent : sent.notSent(withdrawn);
  }

  /** Why a deferred decision no longer holds for the user as they are now; null when it does. */
  private static DecisionReason withdrawnReason(
      Decision deferred, Profile profile, InterventionCatalog catalog) {
    InterventionCatalog.Match match =
        catalog.match(SignalType.valueOf(deferred.signalType()), profile);
    if (match instanceof InterventionCatalog.NotApplicable none) {
      return none.reason();
    }
    Intervention intervention =
        ((InterventionCatalog.Found) match)
            .candidates().stream()
                .filter(i -> i.name().equals(deferred.intervention()))
                .findFirst()
                .orElse(null);
    if (intervention == null) {
      return DecisionReason.NO_INTERVENTION;
    }
    return ChannelEligibility.whyNot(deferred.channel(), profile.reachability());
  }

  @Override
  public List<Decision> apply(Signal signal) {
    String decisionId = Ids.decisionOf(signal);
    var earlier = log.find(signal.appId(), decisionId);
    if (earlier.isPresent()) {
      return earlier.filter(d -> d.outcome() == Outcome.SEND).stream().toList();
    }
    Instant now = signal.at();
    Profile found =
        profiles
            .find(signal.appId(), signal.userId())
            .orElseGet(() -> Profile.empty(signal.appId(), signal.userId()));
    Profile profile =
        found.withResponsiveness(found.responsiveness().settleExpired(now, window).next());
    Decision decision = decide(signal, decisionId, profile);
    remember(found, decision, now);
    log.record(decision);
    warehouse.append(Table.DECISIONS, List.of(WarehouseRows.decision(decision)));
    if (decision.outcome() == Outcome.DEFERRED) {
      schedule.schedule(
          new ScheduledTask(
              Ids.releaseTask(decisionId),
              decision.appId(),
              decision.userId(),
              TaskKind.RELEASE_DECISION,
              decision.sendAt(),
              Map.of("decisionId", decisionId)));
    }
    return decision.outcome() == Outcome.SEND ? List.of(decision) : List.of();
  }

  /**
   * Writes to the profile, in one update, the failures settled as of {@code now} and the message
   * the decision sends, and adds the settled failures to the app-wide counts; writes nothing when
   * there is neither.
   */
  private void remember(Profile found, Decision decision, Instant now) {
    boolean sends = decision.outcome() == Outcome.SEND || decision.outcome() == Outcome.DEFERRED;
    if (!sends && !found.responsiveness().hasExpired(now, window)) {
      return;
    }
    AtomicReference<Map<String, ArmCounts>> settled = new AtomicReference<>(Map.of());
    profiles.update(
        found.appId(),
        found.userId(),
        current -> {
          Settlement s = current.responsiveness().settleExpired(now, window);
          settled.set(s.added());
          Responsiveness next = s.next();
          if (sends) {
            next =
                next.withPending(
                    new PendingSend(
                        Ids.outboundOf(decision),
                        decision.channel(),
                        decision.sendHour(),
                        decision.sendAt()));
          }
          return current.withResponsiveness(next);
        });
    if (!settled.get().isEmpty()) {
      arms.add(found.appId(), settled.get(), now);
    }
  }

  private Decision decide(Signal signal, String decisionId, Profile profile) {
    Draft draft = new Draft(signal, decisionId);
    InterventionCatalog.Match match = catalog.match(signal, profile);
    if (match instanceof InterventionCatalog.NotApplicable none) {
      return draft.finish(none.reason());
    }
    List<Ranked> ranked = rank(((InterventionCatalog.Found) match).candidates(), uplift, profile);
    draft.candidates =
        ranked.stream().map(r -> new Candidate(r.intervention().name(), r.uplift())).toList();
    Intervention intervention = ranked.get(0).intervention();
    draft.intervention = intervention.name();
    boolean lastCall = signal.type() == SignalType.TRIAL_LAST_CALL;
    if (lastCall && answeredReminder(signal, profile)) {
      return draft.finish(DecisionReason.REMINDER_ANSWERED);
    }
    boolean marketing = !intervention.transactional();
    if (marketing && !(ranked.get(0).uplift() > policy.minUplift())) {
      return draft.finish(DecisionReason.NO_UPLIFT);
    }
    if (marketing && inHoldout(signal.appId(), signal.userId(), policy.holdoutPercent())) {
      return draft.finish(DecisionReason.HOLDOUT);
    }

    ChannelEligibility eligible = ChannelEligibility.of(intervention, profile.reachability());
    if (eligible.channels().isEmpty()) {
      return draft.finish(eligible.reason());
    }
    RecentMessages recent = new RecentMessages(signal);
    int ignored = intervention.deadline() ? 0 : profile.responsiveness().ignoredStreak();
    if (marketing && capped(recent, ignored)) {
      return draft.finish(DecisionReason.FREQUENCY_CAP);
    }
    if (marketing
        && takesTrialReminderSlot(recent, intervention, ranked.get(0).uplift(), profile)) {
      return draft.finish(DecisionReason.RESERVED_FOR_TRIAL_ENDING);
    }

    SplittableRandom random = new SplittableRandom(seed(decisionId));
    Map<String, ArmCounts> app = arms.counts(signal.appId(), signal.at());
    Responsiveness own = profile.responsiveness();
    draft.channels = eligible.channels();
    chooseChannel(draft, eligible.channels(), app, own, random);

    ZonedDateTime local = signal.at().atZone(Features.zone(profile.timezone()));
    boolean quietNow = !intervention.immediate() && policy.isQuiet(local.toLocalTime());
    if (marketing && !intervention.immediate() && policy.optimiseSendTime()) {
      Map<Integer, ZonedDateTime> slots =
          slots(local, latestSendTime(intervention, profile, signal.at()));
      if (!slots.isEmpty()) {
        Map<Integer, BetaPosterior> beliefs = new TreeMap<>();
        ActiveHours active = ActiveHours.of(profile.features());
        slots.keySet().forEach(h -> beliefs.put(h, hourPosterior(h, active, app, own)));
        ThompsonChoice<Integer> hour =
            new ThompsonSampler(random, PROPENSITY_DRAWS).choose(beliefs);
        draft.hours =
            slots.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .toList();
        draft.sendHour = hour.arm();
        draft.hourPropensity = hour.propensity();
        ZonedDateTime slot = slots.get(hour.arm());
        if (slot.equals(local)) {
          return draft.send(DecisionReason.ELIGIBLE, signal.at());
        }
        return draft.send(
            quietNow ? DecisionReason.QUIET_HOURS : DecisionReason.SEND_TIME, slot.toInstant());
      }
    }
    ZonedDateTime sendAt = quietNow ? endOfQuietHours(local) : local;
    draft.sendHour = Arms.hourOfWeek(sendAt);
    return quietNow
        ? draft.send(DecisionReason.QUIET_HOURS, sendAt.toInstant())
        : draft.send(DecisionReason.ELIGIBLE, signal.at());
  }

  private void chooseChannel(
      Draft draft,
      List<Channel> eligible,
      Map<String, ArmCounts> app,
      Responsiveness own,
      SplittableRandom random) {
    if (eligible.size() == 1) {
      draft.channel = eligible.get(0);
      return;
    }
    Map<Channel, BetaPosterior> beliefs = new EnumMap<>(Channel.class);
    eligible.forEach(c -> beliefs.put(c, channelPosterior(c, app, own)));
    ThompsonChoice<Channel> channel = new ThompsonSampler(random, PROPENSITY_DRAWS).choose(beliefs);
    draft.channel = channel.arm();
    draft.channelPropensity = channel.propensity();
  }

  private BetaPosterior channelPosterior(
      Channel channel, Map<String, ArmCounts> app, Responsiveness own) {
    String arm = Arms.channel(channel);
    ArmCounts mine = own.counts(arm);
    BetaPosterior appBelief =
        ChannelBenchmarks.appPosterior(channel, app.getOrDefault(arm, ArmCounts.NONE));
    return prior.userPosterior(appBelief, mine.successes(), mine.failures());
  }

  private BetaPosterior hourPosterior(
      int hourOfWeek, ActiveHours active, Map<String, ArmCounts> app, Responsiveness own) {
    String arm = Arms.hour(hourOfWeek);
    ArmCounts mine = own.counts(arm);
    BetaPosterior userPrior =
        prior.userPrior(BetaPosterior.of(app.getOrDefault(arm, ArmCounts.NONE)));
    return active.prior(userPrior, hourOfWeek).update(mine.successes(), mine.failures());
  }

  /**
   * Until when the send time may be put off: the horizon, or for a deadline the notice it must
   * leave before the trial's end, whichever comes first.
   */
  private static Instant latestSendTime(Intervention intervention, Profile profile, Instant now) {
    Instant horizon = now.plus(SEND_TIME_HORIZON);
    Instant deadline = profile.billing().trialEndsAt();
    if (!intervention.deadline() || deadline == null) {
      return horizon;
    }
    Instant notice = deadline.minus(DEADLINE_NOTICE);
    return notice.isBefore(horizon) ? notice : horizon;
  }

  /**
   * The send-time candidates: the current moment and the starts of the next hours before {@code
   * latest} (at most 23), by their hour-of-week bucket, skipping quiet hours; an hour in which
   * quiet hours end starts at their end.
   */
  private Map<Integer, ZonedDateTime> slots(ZonedDateTime local, Instant latest) {
    Map<Integer, ZonedDateTime> slots = new TreeMap<>();
    ZonedDateTime hourStart = local.truncatedTo(ChronoUnit.HOURS);
    for (int i = 0; i < SEND_TIME_HORIZON.toHours(); i++) {
      ZonedDateTime slot = i == 0 ? local : hourStart.plusHours(i);
      if (i > 0 && !slot.toInstant().isBefore(latest)) {
        break;
      }
      if (policy.isQuiet(slot.toLocalTime())) {
        ZonedDateTime end = endOfQuietHours(slot);
        if (!end.isBefore(slot.truncatedTo(ChronoUnit.HOURS).plusHours(1))) {
          continue;
        }
        slot = end;
      }
      slots.putIfAbsent(Arms.hourOfWeek(slot), slot);
    }
    return slots;
  }

  private boolean capped(RecentMessages recent, int ignoredStreak) {
    DecisionPolicy.Cap cap = policy.fatigueCap(ignoredStreak);
    return recent.within(DecisionPolicy.DAY) >= policy.maxPerDay()
        || recent.within(cap.window()) >= cap.messages();
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
        || !(uplift.uplift(InterventionCatalog.TRIAL_ENDING.name(), profile) > upliftNow)) {
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
   * Whether the user answered the trial-ending reminder that a last call follows: it was sent (or
   * scheduled) and its message was opened, clicked or followed by a conversion. The last call comes
   * within the reminder's attribution window, so the reminder is still among the pending messages.
   */
  private boolean answeredReminder(Signal lastCall, Profile profile) {
    String reminderSignalId =
        Ids.signal(
            lastCall.appId(),
            lastCall.userId(),
            SignalType.TRIAL_ENDING,
            lastCall.attributes().get("trialEndsAt"));
    return log.find(lastCall.appId(), Ids.decision(lastCall.appId(), reminderSignalId))
        .filter(d -> d.outcome() == Outcome.SEND || d.outcome() == Outcome.DEFERRED)
        .flatMap(d -> profile.responsiveness().pending(Ids.outboundOf(d)))
        .filter(PendingSend::answered)
        .isPresent();
  }

  private ZonedDateTime endOfQuietHours(ZonedDateTime local) {
    ZonedDateTime end = local.with(policy.quietEnd());
    if (!end.isAfter(local)) {
      end = end.plusDays(1).with(policy.quietEnd());
    }
    return end;
  }

  private static long seed(String decisionId) {
    return ByteBuffer.wrap(HexFormat.of().parseHex(decisionId, 0, 16)).getLong();
  }

  record Ranked(Intervention intervention, double uplift) {}

  /** The candidates by expected uplift for the user, best first; ties keep the catalog's order. */
  static List<Ranked> rank(List<Intervention> offered, UpliftModel model, Profile profile) {
    List<Ranked> ranked = new ArrayList<>(offered.size());
    for (Intervention i : offered) {
      ranked.add(new Ranked(i, model.uplift(i.name(), profile)));
    }
    ranked.sort(Comparator.comparingDouble(Ranked::uplift).reversed());
    return ranked;
  }

  /** The decision as it takes shape; confined to one {@link #decide} call. */
  private static final class Draft {
    private final Signal signal;
    private final String decisionId;
    List<Candidate> candidates = List.of();
    String intervention;
    Channel channel;
    Integer sendHour;
    double channelPropensity = 1.0;
    double hourPropensity = 1.0;
    List<Channel> channels = List.of();
    List<Integer> hours = List.of();

    Draft(Signal signal, String decisionId) {
      this.signal = signal;
      this.decisionId = decisionId;
    }

    /** A decision that sends nothing: its outcome is the reason's. */
    Decision finish(DecisionReason reason) {
      channel = null;
      sendHour = null;
      channelPropensity = 1.0;
      hourPropensity = 1.0;
      channels = List.of();
      hours = List.of();
      return build(reason, null);
    }

    /** A decision that sends, now or at {@code sendAt}: its outcome is the reason's. */
    Decision send(DecisionReason reason, Instant sendAt) {
      return build(reason, sendAt);
    }

    private Decision build(DecisionReason reason, Instant sendAt) {
      return new Decision(
          Decision.VERSION,
          decisionId,
          signal.appId(),
          signal.userId(),
          signal.signalId(),
          signal.type().name(),
          reason.outcome(),
          reason,
          intervention,
          channel,
          signal.at(),
          sendAt,
          candidates,
          sendHour,
          channelPropensity,
          hourPropensity,
          channelPropensity * hourPropensity,
          channels,
          hours);
    }
  }
}
