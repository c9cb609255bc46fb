package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.appconfig.AppConfig;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.profile.Profile;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The decide stage: turns a signal into one {@link Decision}, kept whatever its outcome ({@link
 * DecisionRecord}), and returns it only when it is to be composed now (SEND). A decision is made in
 * three steps, each of which may end it: which intervention ({@link InterventionRanking}), whether
 * and on which channels it may reach the user ({@link Eligibility}), then the channel and the send
 * time ({@link SendChoice}). A {@link SignalType#RELEASE_DUE} signal releases a DEFERRED decision
 * instead ({@link DeferredRelease}).
 *
 * <p>The intervention is chosen before the holdout is drawn because the holdout measures the uplift
 * of marketing: a transactional message is sent to held-out users too.
 *
 * <p>On event time: the signal's time ({@link Signal#at()}) is the decision's {@code decidedAt},
 * the {@code sendAt} of a message sent now, the moment whose local time is judged for quiet hours
 * and send time, the end of the frequency-cap windows and the moment expired messages are settled
 * at. No clock is read, so a replay of the same signals decides the same, and a late signal is
 * dated when it happened.
 *
 * <p>Idempotent: the decisionId derives from the signal ({@link Ids#decisionOf}), and a signal
 * already decided returns the recorded decision instead of deciding again (which would count the
 * first decision against the frequency cap).
 */
public final class Decider implements Function<Signal, List<Decision>> {
  private final DecisionRecord record;
  private final InterventionRanking ranking;
  private final Eligibility eligibility;
  private final SendChoice sendChoice;
  private final DeferredRelease release;
  private final Function<String, AppConfig> configs;

  /** For apps with no configuration (tests, benchmarks): every intervention and variant on. */
  public Decider(
      ProfileStore profiles,
      DecisionLog log,
      Warehouse warehouse,
      ArmStatistics arms,
      InterventionCatalog catalog,
      UpliftModel uplift,
      DecisionPolicy policy) {
    this(profiles, log, warehouse, arms, catalog, uplift, policy, RecentAppConfigs.none());
  }

  /**
   * @param configs the apps' configurations ({@link RecentAppConfigs}): decide offers only the
   *     interventions an app turned on and the content variants it did not retire (or the one it
   *     pinned), and weighs each channel at the app's own cost ({@link ChannelCosts#perApp})
   */
  public Decider(
      ProfileStore profiles,
      DecisionLog log,
      Warehouse warehouse,
      ArmStatistics arms,
      InterventionCatalog catalog,
      UpliftModel uplift,
      DecisionPolicy policy,
      Function<String, AppConfig> configs) {
    ChannelCosts costs = ChannelCosts.perApp(configs, policy);
    this.configs = configs;
    this.record = new DecisionRecord(profiles, log, warehouse, arms, policy);
    this.ranking = new InterventionRanking(catalog, uplift, policy, log);
    this.eligibility = new Eligibility(log, uplift, policy, costs);
    this.sendChoice = new SendChoice(arms, policy, costs);
    this.release = new DeferredRelease(record, catalog);
  }

  /** Whether the user is in the global holdout: a stable hash of app and user, below the share. */
  public static boolean inHoldout(String appId, String userId, int holdoutPercent) {
    return Eligibility.inHoldout(appId, userId, holdoutPercent);
  }

  @Override
  public List<Decision> apply(Signal signal) {
    if (signal.type() == SignalType.RELEASE_DUE) {
      return release.apply(signal);
    }
    String decisionId = Ids.decisionOf(signal);
    var earlier = record.find(signal.appId(), decisionId);
    if (earlier.isPresent()) {
      return earlier.filter(d -> d.outcome() == Outcome.SEND).stream().toList();
    }
    Instant now = signal.at();
    Profile found = record.found(signal.appId(), signal.userId());
    Profile judged = record.settledAt(found, now);
    Decision decision = decide(signal, decisionId, judged);
    record.keep(found, judged, decision, now);
    return decision.outcome() == Outcome.SEND ? List.of(decision) : List.of();
  }

  private Decision decide(Signal signal, String decisionId, Profile profile) {
    Decision.Builder draft = Decision.of(signal, decisionId);
    AppConfig app = configs.apply(signal.appId());
    InterventionRanking.Ranking ranked = ranking.rank(signal, profile, app);
    if (ranked.best() == null) {
      return draft.notSent(ranked.notSent());
    }
    draft.intervention(ranked.best().name(), ranked.candidates());
    if (ranked.notSent() != null) {
      return draft.notSent(ranked.notSent());
    }
    Eligibility.Verdict verdict =
        eligibility.check(signal, ranked.best(), ranked.bestUplift(), profile);
    draft.treatmentPropensity(verdict.treatmentPropensity());
    if (verdict.notSent() != null) {
      return draft.notSent(verdict.notSent());
    }
    return sendChoice.choose(
        draft,
        signal,
        decisionId,
        ranked.best(),
        ranked.bestUplift(),
        verdict.channels(),
        app.variants(ranked.best().name()),
        profile);
  }
}
