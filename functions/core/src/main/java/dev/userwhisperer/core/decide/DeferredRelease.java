package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.profile.Profile;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers a {@link SignalType#RELEASE_DUE} signal: the deferred decision it names is released as a
 * second decision, judged against the user as they are now, since a day may have passed. Its id is
 * {@link Ids#released} of the deferred one, so that the log keeps both, with the same signal,
 * intervention and candidates, and it is either
 *
 * <ul>
 *   <li>SEND {@code released}, with the deferral's channel, sendAt and propensities, or
 *   <li>NOT_ELIGIBLE when the catalog no longer offers the intervention for the signal (a trial
 *       reminder to a user who has subscribed since: {@code already_converted}; a win-back to a
 *       user who cancelled: {@code no_intervention}) or the channel is no longer eligible ({@code
 *       unsubscribed}, {@code no_consent}, {@code no_address}); the deferred message then leaves
 *       the user's pending messages.
 * </ul>
 *
 * A release already decided is kept again and returned as it was, so a redelivered signal changes
 * nothing.
 */
public final class DeferredRelease {
  /** The attribute of a RELEASE_DUE signal that names the deferred decision. */
  static final String DECISION_ID = "decisionId";

  private final DecisionRecord record;
  private final InterventionCatalog catalog;

  DeferredRelease(DecisionRecord record, InterventionCatalog catalog) {
    this.record = Objects.requireNonNull(record, "record");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  /** The released decision when it sends, else nothing. */
  List<Decision> apply(Signal due) {
    String deferredId = due.attributes().get(DECISION_ID);
    Optional<Decision> deferred =
        deferredId == null
            ? Optional.empty()
            : record.find(due.appId(), deferredId).filter(d -> d.outcome() == Outcome.DEFERRED);
    if (deferred.isEmpty()) {
      return List.of();
    }
    Decision release =
        record
            .find(due.appId(), Ids.released(deferredId))
            .orElseGet(
                () ->
                    of(deferred.get(), record.found(due.appId(), due.userId()), catalog, due.at()));
    record.keepRelease(deferred.get(), release);
    return release.outcome() == Outcome.SEND ? List.of(release) : List.of();
  }

  /** The decision that releases {@code deferred} at {@code releasedAt}; see the class comment. */
  public static Decision of(
      Decision deferred, Profile profile, InterventionCatalog catalog, Instant releasedAt) {
    if (deferred.outcome() != Outcome.DEFERRED) {
      throw new IllegalArgumentException(
          "only a DEFERRED decision is released: " + deferred.decisionId());
    }
    Decision.Builder release =
        deferred.toBuilder().decisionId(Ids.released(deferred.decisionId())).decidedAt(releasedAt);
    DecisionReason withdrawn = withdrawnReason(deferred, profile, catalog);
    return withdrawn == null
        ? release.send(DecisionReason.RELEASED, deferred.sendAt())
        : release.notSent(withdrawn);
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
}
