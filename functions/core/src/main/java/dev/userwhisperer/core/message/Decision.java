package dev.userwhisperer.core.message;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What decide concluded for one signal; every decision is recorded, including those that send
 * nothing.
 *
 * <p>A DEFERRED decision is released by the sweep at its {@code sendAt} as a second decision: the
 * same signal, intervention, channel and {@code sendAt}, outcome SEND, reason {@code released}, id
 * {@code <deferredId>:released}, {@code decidedAt} the release time. Both are recorded, so the
 * decision log (and {@code GET /v1/users}) shows that it was deferred and then sent; compose and
 * deliver see only the released one. If, by then, the user can no longer get it (subscribed,
 * unsubscribed, withdrew consent), the second decision is NOT_ELIGIBLE with that reason instead and
 * nothing is sent ({@code Decider#release}). Frequency caps count messages per signal, so the pair
 * counts once, and a withdrawn one not at all (see {@code DecisionLog#countMessagesSince}).
 *
 * @param reason why; always one of the reasons of {@code outcome}
 * @param intervention the catalog entry chosen, null when none applies
 * @param decidedAt the event time of the decision: the signal's time, or the release time for a
 *     release (the time of the sweep that released it)
 * @param channel the channel chosen, null when nothing is sent
 * @param sendAt when to send: the signal's time for {@link Outcome#SEND} (the deferred sendAt for a
 *     release), the end of quiet hours for {@link Outcome#DEFERRED}
 * @param candidates the interventions the catalog offered, best expected uplift first, each with
 *     its expected uplift; empty when none applies
 * @param sendHour the hour-of-week bucket of {@code sendAt} in the user's time zone (Monday 00:00
 *     is 0), null when nothing is sent
 * @param channelPropensity the probability with which the channel bandit chose {@code channel} (1.0
 *     when only one channel was eligible or nothing is sent)
 * @param hourPropensity the probability with which the send-time bandit chose {@code sendHour} (1.0
 *     when the hour was not chosen by the bandit: transactional, quiet-hours fallback, no send)
 * @param propensity the probability of this decision's arm under the policy that made it: {@code
 *     channelPropensity * hourPropensity}, never 0, so that other policies can be evaluated offline
 *     by inverse propensity weighting
 * @param channels the eligible channels the channel bandit chose among, in the intervention's
 *     order; empty when nothing is sent. With {@code channelPropensity} it is what an offline
 *     evaluation of another channel policy needs: whether that policy could have taken each channel
 * @param hours the hour-of-week buckets the send-time bandit chose among, earliest first; empty
 *     when the hour was not the bandit's choice
 */
public record Decision(
    int version,
    String decisionId,
    String appId,
    String userId,
    String signalId,
    String signalType,
    Outcome outcome,
    DecisionReason reason,
    String intervention,
    Channel channel,
    Instant decidedAt,
    Instant sendAt,
    List<Candidate> candidates,
    Integer sendHour,
    Double channelPropensity,
    Double hourPropensity,
    double propensity,
    List<Channel> channels,
    List<Integer> hours)
    implements PipelineMessage {

  /**
   * 2 added candidates, sendHour and the channel and hour propensities; 3 the channels and hours
   * the bandits chose among. Version 1 documents (still in decision logs) are read with no
   * candidates and both propensities 1.0 (boxed, so that their absence from a version 1 document
   * reads as null rather than failing); versions 1 and 2 with no channels and no hours.
   */
  public static final int VERSION = 3;

  public Decision {
    if (version == 1) {
      channelPropensity = 1.0;
      hourPropensity = 1.0;
    } else if (version != 2 && version != VERSION) {
      throw new IllegalArgumentException("unsupported Decision version " + version);
    }
    candidates = candidates == null ? List.of() : List.copyOf(candidates);
    channels = channels == null ? List.of() : List.copyOf(channels);
    hours = hours == null ? List.of() : List.copyOf(hours);
    requireProbability(
        Objects.requireNonNull(channelPropensity, "channelPropensity"), "channelPropensity");
    requireProbability(Objects.requireNonNull(hourPropensity, "hourPropensity"), "hourPropensity");
    requireProbability(propensity, "propensity");
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
    if (reason.outcome() != outcome) {
      throw new IllegalArgumentException("reason " + reason + " is not one of " + outcome);
    }
    Objects.requireNonNull(decidedAt, "decidedAt");
    if ((outcome == Outcome.SEND || outcome == Outcome.DEFERRED)
        && (channel == null || sendAt == null)) {
      throw new IllegalArgumentException(outcome + " needs a channel and a sendAt");
    }
  }

  /**
   * This decision, not sent after all: NOT_ELIGIBLE for {@code reason}, with no channel, time or
   * arms.
   */
  public Decision notSent(DecisionReason reason) {
    return new Decision(
        version,
        decisionId,
        appId,
        userId,
        signalId,
        signalType,
        Outcome.NOT_ELIGIBLE,
        reason,
        intervention,
        null,
        decidedAt,
        null,
        candidates,
        null,
        1.0,
        1.0,
        1.0,
        List.of(),
        List.of());
  }

  private static void requireProbability(double p, String name) {
    if (!(p > 0.0 && p <= 1.0)) {
      throw new IllegalArgumentException(name + " must be in (0, 1], was " + p);
    }
  }

  /** An intervention the catalog offered, with the uplift decide expected of it. */
  public record Candidate(String intervention, double uplift) {
    public Candidate {
      Objects.requireNonNull(intervention, "intervention");
      if (!(uplift >= -1.0 && uplift <= 1.0)) {
        throw new IllegalArgumentException("uplift must be within [-1, 1]: " + uplift);
      }
    }
  }

  @Override
  public String topic() {
    return Topics.DECISIONS;
  }

  @Override
  public String id() {
    return decisionId;
  }

  public enum Outcome {
    /** Send now. */
    SEND,
    /** Send later (quiet hours); the sweep releases it as a SEND decision at {@code sendAt}. */
    DEFERRED,
    /**
     * In the global holdout: sent no marketing (non-transactional) message, so that uplift can be
     * measured.
     */
    HELD_OUT,
    /** Eligibility failed (consent, unsubscribed, cap, no address) or no intervention applies. */
    NOT_ELIGIBLE
  }
}
