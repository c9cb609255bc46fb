package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.learn.Attribution;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.profile.Features;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Responsiveness;
import dev.userwhisperer.core.profile.Responsiveness.PendingSend;
import dev.userwhisperer.core.profile.Responsiveness.Settlement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;

/**
 * What keeping a decision does to the user's own response history ({@link Responsiveness}): the one
 * definition that decide applies to the stored profile and that a replay of the warehouse's {@code
 * decisions} table applies to a profile folded from events, so that the {@code own_*} features of a
 * training row are those serving had.
 *
 * <ul>
 *   <li>A decision of the user's signal settles the pending messages whose window ended before its
 *       time; one that sends (SEND or DEFERRED) adds its message as pending, with the probability
 *       that the user is active in its window anyway.
 *   <li>A release that does not send (the deferred message withdrawn) removes the deferred message
 *       from the pending ones, as it was never sent; a release that sends changes nothing (its
 *       message was pending since the deferral).
 * </ul>
 *
 * @param decidedAt the decision's time: the signal's, or the release's
 * @param channel null when nothing is sent
 * @param sendHour null when nothing is sent
 * @param sendAt null when nothing is sent
 */
public record KeptDecision(
    String decisionId,
    Outcome outcome,
    Instant decidedAt,
    Channel channel,
    Integer sendHour,
    Instant sendAt,
    String intervention,
    String variant) {

  /** The complete days of the user's own activity a message's expectation is judged from. */
  private static final int HISTORY_DAYS = 27;

  /** Fewer days than a week say nothing of a user's rhythm. */
  private static final int MIN_HISTORY_DAYS = 7;

  private static final Duration WINDOW = Attribution.DEFAULT.window();

  /**
   * @throws IllegalArgumentException when a decision that sends lacks its channel, hour or time
   */
  public KeptDecision {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(decidedAt, "decidedAt");
    if ((outcome == Outcome.SEND || outcome == Outcome.DEFERRED)
        && (channel == null || sendHour == null || sendAt == null)) {
      throw new IllegalArgumentException(
          "decision " + decisionId + " sends, so it needs a channel, send hour and sendAt");
    }
  }

  public static KeptDecision of(Decision d) {
    return new KeptDecision(
        d.decisionId(),
        d.outcome(),
        d.decidedAt(),
        d.channel(),
        d.sendHour(),
        d.sendAt(),
        d.intervention(),
        d.variant());
  }

  /** Whether this is the decision that releases, or withdraws, a deferred one. */
  public boolean isRelease() {
    return decisionId.endsWith(Ids.RELEASE_SUFFIX);
  }

  /** Whether it adds a message to the user's pending ones. */
  public boolean sends() {
    return !isRelease() && (outcome == Outcome.SEND || outcome == Outcome.DEFERRED);
  }

  /** Whether it changes the user's responsiveness as found: see the class comment. */
  public boolean changes(Responsiveness found) {
    if (isRelease()) {
      return outcome != Outcome.SEND && found.pending(releasedOutboundId()).isPresent();
    }
    return sends() || found.hasExpired(decidedAt, WINDOW);
  }

  /**
   * The user's responsiveness once this decision is kept on {@code current} (the profile as stored
   * when it is kept), and the arm counts it settled.
   */
  public Settlement applyTo(Profile current) {
    Responsiveness found = current.responsiveness();
    if (isRelease()) {
      return new Settlement(
          outcome == Outcome.SEND ? found : found.withoutPending(releasedOutboundId()), Map.of());
    }
    Settlement s = found.settleExpired(decidedAt, WINDOW);
    if (!sends()) {
      return s;
    }
    PendingSend send =
        new PendingSend(
                Ids.outbound(outcome == Outcome.DEFERRED ? Ids.released(decisionId) : decisionId),
                channel,
                sendHour,
                sendAt,
                expectedActive(current))
            .of(intervention, variant);
    return new Settlement(s.next().withPending(send), s.added());
  }

  /** The message of the deferred decision a release releases: the release's own outbound id. */
  private String releasedOutboundId() {
    return Ids.outbound(decisionId);
  }

  /**
   * The probability that the user is active within a message's window without it, from their own
   * last 27 complete days (fewer when they are newer): each day active with the share of days they
   * were, so 1 − (1 − share)^days of the window. What the message is then judged against ({@link
   * Responsiveness.MessageEffect}); it ignores weekly rhythm and trend, which the shrinkage toward
   * the model's prediction absorbs. Today is left out: it holds the activity that raised the
   * signal. Null for a user first seen fewer than {@value #MIN_HISTORY_DAYS} complete days ago (a
   * new user's first day is all activity): nothing to judge against.
   */
  private Double expectedActive(Profile profile) {
    Instant firstSeen = profile.activity().firstSeen();
    if (firstSeen == null) {
      return null;
    }
    LocalDate today = decidedAt.atZone(Features.zone(profile.timezone())).toLocalDate();
    LocalDate first = firstSeen.atZone(Features.zone(profile.timezone())).toLocalDate();
    long observed = Math.min(HISTORY_DAYS, ChronoUnit.DAYS.between(first, today));
    if (observed < MIN_HISTORY_DAYS) {
      return null;
    }
    double share =
        Math.min(
            1,
            profile.features().activeDays((int) observed, today.minusDays(1)) / (double) observed);
    double windowDays = WINDOW.toHours() / 24.0;
    return 1 - Math.pow(1 - share, windowDays);
  }
}
