package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.appconfig.AppConfig;
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
import java.util.Objects;

/**
 * Which intervention answers a signal for this user: the {@link InterventionCatalog}'s candidates
 * ({@code no_intervention}, {@code already_converted}, {@code trial_in_progress} when there is
 * none) that the app has not turned off ({@code intervention_off}, naming the catalog's first, when
 * it turned off all of them), ranked by the {@link UpliftModel}'s expected uplift for the user, the
 * best first. The best is not sent when it is a trial's last call to a user who answered its
 * reminder ({@code reminder_answered}). Whether its uplift is worth a message is the gate's to say
 * ({@link TreatmentDraw}), after eligibility, since a gated decision may still be sent at random.
 */
final class InterventionRanking {
  private final InterventionCatalog catalog;
  private final UpliftModel uplift;
  private final DecisionLog log;

  InterventionRanking(InterventionCatalog catalog, UpliftModel uplift, DecisionLog log) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.uplift = Objects.requireNonNull(uplift, "uplift");
    this.log = Objects.requireNonNull(log, "log");
  }

  /**
   * What the ranking concluded.
   *
   * @param candidates the catalog's candidates, best first; empty when it offers none
   * @param best the best candidate, null when the catalog offers none
   * @param bestUplift the best candidate's expected uplift
   * @param notSent why nothing is to be sent, null when the best candidate goes on to eligibility
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
    List<Ranked> ranked = rank(on, uplift, profile, signal.at());
    List<Candidate> candidates =
        ranked.stream()
            .map(
                r ->
                    new Candidate(
                        r.intervention().name(),
                        r.effect().uplift(),
                        r.effect().source().code(),
                        r.effect().modelVersion()))
            .toList();
    Intervention best = ranked.get(0).intervention();
    double bestUplift = ranked.get(0).effect().uplift();
    DecisionReason notSent = null;
    if (signal.type() == SignalType.TRIAL_LAST_CALL && answeredReminder(signal, profile)) {
      notSent = DecisionReason.REMINDER_ANSWERED;
    }
    return new Ranking(candidates, best, bestUplift, notSent);
  }

  record Ranked(Intervention intervention, PredictedEffect effect) {
    double uplift() {
      return effect.uplift();
    }
  }

  /**
   * The candidates by expected uplift for the user as of {@code at}, best first; ties keep the
   * catalog's order.
   */
  static List<Ranked> rank(
      List<Intervention> offered, UpliftModel model, Profile profile, Instant at) {
    List<Ranked> ranked = new ArrayList<>(offered.size());
    for (Intervention i : offered) {
      ranked.add(new Ranked(i, model.predict(i.name(), profile, at)));
    }
    ranked.sort(Comparator.comparingDouble(Ranked::uplift).reversed());
    return ranked;
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
