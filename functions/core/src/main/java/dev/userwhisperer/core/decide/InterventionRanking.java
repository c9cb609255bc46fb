package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.appconfig.AppConfig;
import dev.userwhisperer.core.learn.NormalBelief;
import dev.userwhisperer.core.learn.ThompsonChoice;
import dev.userwhisperer.core.learn.ThompsonSampler;
import dev.userwhisperer.core.message.Decision.Candidate;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Responsiveness.PendingSend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * Which intervention answers a signal for this user: the {@link InterventionCatalog}'s candidates
 * ({@code no_intervention}, {@code already_converted}, {@code trial_in_progress} when there is
 * none) that the app has not turned off ({@code intervention_off}, naming the catalog's first, when
 * it turned off all of them), chosen by Thompson sampling on the {@link UpliftModel}'s posterior of
 * each candidate's effect for the user ({@link #rank}). The chosen is not sent when it is a trial's
 * last call to a user who answered its reminder ({@code reminder_answered}). Whether its expected
 * uplift is worth a message is the gate's to say ({@link TreatmentDraw}), after eligibility, since
 * a gated decision may still be sent at random.
 */
final class InterventionRanking {
  /**
   * Monte Carlo rounds behind each candidate's propensity, as for the channel and hour bandits
   * ({@link SendChoice#PROPENSITY_DRAWS}).
   */
  static final int PROPENSITY_DRAWS = SendChoice.PROPENSITY_DRAWS;

  private final InterventionCatalog catalog;
  private final UpliftModel uplift;
  private final DecisionLog log;
  private final RandomDraws draws;
  private final double minUplift;

  /**
   * @param minUplift the gate's threshold before a channel's cost ({@link
   *     DecisionPolicy#minUplift()}): only candidates expected above it take part in the draw,
   *     while any does
   */
  InterventionRanking(
      InterventionCatalog catalog,
      UpliftModel uplift,
      DecisionLog log,
      RandomDraws draws,
      double minUplift) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.uplift = Objects.requireNonNull(uplift, "uplift");
    this.log = Objects.requireNonNull(log, "log");
    this.draws = Objects.requireNonNull(draws, "draws");
    this.minUplift = minUplift;
  }

  /**
   * What the ranking concluded.
   *
   * @param candidates the catalog's candidates, the chosen first; empty when it offers none
   * @param best the chosen candidate, null when the catalog offers none
   * @param bestUplift the chosen candidate's expected uplift (its posterior mean)
   * @param notSent why nothing is to be sent, null when the chosen candidate goes on to eligibility
   */
  record Ranking(
      List<Candidate> candidates, Intervention best, double bestUplift, DecisionReason notSent) {}

  Ranking rank(Signal signal, Profile profile, AppConfig app) {
    InterventionCatalog.Match match = catalog.match(signal, profile);
    if (match instanceof InterventionCatalog.NotApplicable none) {
      return new Ranking(List.of(), null, 0, none.reason());
    }
    List<Intervention> found = ((InterventionCatalog.Found) match).candidates();
    List<Intervention> on = found.stream().filter(i -> app.enabled(i.name())).toList();
    if (on.isEmpty()) {
      Intervention off = found.get(0);
      return new Ranking(
          List.of(new Candidate(off.name(), 0)), off, 0, DecisionReason.INTERVENTION_OFF);
    }
    RandomGenerator random = draws.ranking(Ids.decisionOf(signal));
    List<Ranked> ranked = rank(on, uplift, profile, signal.at(), minUplift, random);
    List<Candidate> candidates = ranked.stream().map(Ranked::candidate).toList();
    Intervention best = ranked.get(0).intervention();
    double bestUplift = ranked.get(0).effect().uplift();
    DecisionReason notSent = null;
    if (signal.type() == SignalType.TRIAL_LAST_CALL && answeredReminder(signal, profile)) {
      notSent = DecisionReason.REMINDER_ANSWERED;
    }
    return new Ranking(candidates, best, bestUplift, notSent);
  }

  /**
   * One candidate as the ranking saw it.
   *
   * @param draw its effect drawn for this decision: its own part and the user's shared one
   * @param propensity the probability that the ranking chooses it under the same posteriors
   */
  record Ranked(Intervention intervention, PredictedEffect effect, double draw, double propensity) {
    double uplift() {
      return effect.uplift();
    }

    Candidate candidate() {
      return new Candidate(
          intervention.name(),
          effect.uplift(),
          effect.source().code(),
          effect.modelVersion(),
          effect.totalStandardDeviation(),
          draw,
          propensity,
          effect.rawScore());
    }
  }

  /**
   * The candidates as of {@code at}, the chosen first: Thompson sampling on each candidate's
   * posterior ({@link PredictedEffect}), so that a candidate is chosen with the probability that
   * its effect is the largest, an uncertain one explored in proportion to its uncertainty and a
   * well-measured one taken at its measure.
   *
   * <ul>
   *   <li>Each candidate's own part, N(mean, standardDeviation²), is drawn by the {@link
   *       ThompsonSampler} from {@code random} ({@link #PROPENSITY_DRAWS} rounds, the first of them
   *       the decision's; one round for a single candidate); the user's own part, the deviation
   *       every candidate shares, is drawn once after it and added to every draw, which moves no
   *       choice and makes each logged draw one from the whole posterior.
   *   <li>Only candidates expected above {@code minUplift} take part, while any is: a candidate the
   *       gate would stop whatever its draw is never chosen over one it would pass, which would
   *       send the user nothing. When none is, all take part, and the gate then decides on the
   *       chosen one (its gated exploration included).
   *   <li>Ties (a model that states no spread draws its mean) keep the catalog's order; the rest
   *       follow the chosen by their draws.
   * </ul>
   */
  static List<Ranked> rank(
      List<Intervention> offered,
      UpliftModel model,
      Profile profile,
      Instant at,
      double minUplift,
      RandomGenerator random) {
    List<PredictedEffect> effects = new ArrayList<>(offered.size());
    Map<Integer, NormalBelief> beliefs = new TreeMap<>();
    for (int i = 0; i < offered.size(); i++) {
      PredictedEffect effect = model.predict(offered.get(i).name(), profile, at);
      effects.add(effect);
      beliefs.put(i, new NormalBelief(effect.uplift(), effect.standardDeviation()));
    }
    boolean anyAbove = effects.stream().anyMatch(e -> e.uplift() > minUplift);
    ThompsonChoice<Integer> choice =
        new ThompsonSampler(random, offered.size() == 1 ? 1 : PROPENSITY_DRAWS)
            .choose(
                beliefs,
                (i, draw) ->
                    !anyAbove || effects.get(i).uplift() > minUplift
                        ? draw
                        : Double.NEGATIVE_INFINITY);
    double shared = random.nextGaussian();
    List<Ranked> ranked = new ArrayList<>(offered.size());
    for (int i = 0; i < offered.size(); i++) {
      PredictedEffect effect = effects.get(i);
      double draw = choice.decisionDraws().get(i) + effect.ownStandardDeviation() * shared;
      ranked.add(
          new Ranked(
              offered.get(i),
              effect,
              Math.max(-1, Math.min(1, draw)),
              choice.propensities().get(i)));
    }
    Ranked chosen = ranked.get(choice.arm());
    List<Ranked> rest = new ArrayList<>(ranked);
    rest.remove(chosen);
    rest.sort(
        Comparator.comparing((Ranked r) -> !anyAbove || r.uplift() > minUplift)
            .thenComparingDouble(Ranked::draw)
            .reversed());
    rest.add(0, chosen);
    return rest;
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
}
