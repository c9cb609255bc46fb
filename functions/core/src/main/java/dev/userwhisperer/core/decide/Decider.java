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
 * four steps, each of which may end it: which intervention ({@link InterventionRanking}), whether
 * and on which channels it may reach the user ({@link Eligibility}), whether its expected effect is
 * worth a message and which randomized arm it falls in (the uplift gate, the global holdout and the
 * exploration draws, {@link TreatmentDraw}), then the channel and the send time ({@link
 * SendChoice}). A {@link SignalType#RELEASE_DUE} signal releases a DEFERRED decision instead
 * ({@link DeferredRelease}).
 *
 * <p>The intervention is chosen before the holdout is drawn because the holdout measures the uplift
 * of marketing: a transactional message is sent to held-out users too. The holdout is drawn after
 * the channels and caps, so that held-out users are compared with users the platform could reach.
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
  private final TreatmentDraw treatment;
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
    this(profiles, log, warehouse, arms, catalog, uplift, policy, configs, RandomDraws.STABLE);
  }

  /** With the holdout, exploration and ranking draws of {@code draws} (tests). */
  Decider(
      ProfileStore profiles,
      DecisionLog log,
      Warehouse warehouse,
      ArmStatistics arms,
      InterventionCatalog catalog,
      UpliftModel uplift,
      DecisionPolicy policy,
      Function<String, AppConfig> configs,
      RandomDraws draws) {
    ChannelCosts costs = ChannelCosts.perApp(configs, policy);
    this.configs = configs;
    this.record = new DecisionRecord(profiles, log, warehouse, arms);
    this.ranking = new InterventionRanking(catalog, uplift, log, draws, policy.minUplift());
    this.eligibility = new Eligibility(log, uplift, policy);
    this.treatment = new TreatmentDraw(uplift, policy, costs, draws);
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
    Decided decided = decide(signal, decisionId, judged);
    record.keep(found, judged, decided.decision(), decided.arm(), now);
    return decided.decision().outcome() == Outcome.SEND ? List.of(decided.decision()) : List.of();
  }

  /** A decision and its randomized arm, null when it fell in none. */
  private record Decided(Decision decision, TreatmentAssignment arm) {
    static Decided of(Decision decision) {
      return new Decided(decision, null);
    }
  }

  private Decided decide(Signal signal, String decisionId, Profile profile) {
    Decision.Builder draft = Decision.of(signal, decisionId);
    AppConfig app = configs.apply(signal.appId());
    InterventionRanking.Ranking ranked = ranking.rank(signal, profile, app);
    if (ranked.best() == null) {
      return Decided.of(draft.notSent(ranked.notSent()));
    }
    Intervention best = ranked.best();
    draft.intervention(best.name(), ranked.candidates());
    if (ranked.notSent() != null) {
      return Decided.of(draft.notSent(ranked.notSent()));
    }
    Eligibility.Verdict verdict = eligibility.check(signal, best, ranked.bestUplift(), profile);
    if (verdict.notSent() != null) {
      return Decided.of(draft.notSent(verdict.notSent()));
    }
    TreatmentDraw.Draw draw =
        treatment.draw(signal, best, ranked.bestUplift(), verdict.channels(), profile, app);
    draft.treatmentPropensity(draw.drawPropensity());
    if (draw.notSent() != null) {
      return new Decided(draft.notSent(draw.notSent()), draw.arm());
    }
    List<String> variants = app.variants(best.name());
    Decision decision =
        draw.explored()
            ? sendChoice.explore(
                draft, signal, decisionId, best, draw.channels(), variants, profile)
            : sendChoice.choose(
                draft,
                signal,
                decisionId,
                best,
                ranked.bestUplift(),
                draw.channels(),
                variants,
                profile);
    return new Decided(decision, draw.arm());
  }
}
