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
 * @param candidates the interventions the catalog offered, the chosen first (then by their draws),
 *     each with its expected uplift, its spread, its draw and the chance that the ranking chose it;
 *     empty when none applies
 * @param sendHour the hour-of-week bucket of {@code sendAt} in the user's time zone (Monday 00:00
 *     is 0), null when nothing is sent
 * @param channelPropensity the probability with which the channel bandit chose {@code channel} (1.0
 *     when only one channel was eligible or nothing is sent)
 * @param hourPropensity the probability with which the send-time bandit chose {@code sendHour} (1.0
 *     when the hour was not chosen by the bandit: transactional, quiet-hours fallback, no send)
 * @param propensity the probability of this decision's arm under the policy that made it: {@code
 *     channelPropensity * hourPropensity * variantPropensity} (times the exploration draw's), never
 *     0, so that other policies can be evaluated offline by inverse propensity weighting
 * @param channels the eligible channels the channel bandit chose among, in the intervention's
 *     order; empty when nothing is sent. With {@code channelPropensity} it is what an offline
 *     evaluation of another channel policy needs: whether that policy could have taken each channel
 * @param hours the hour-of-week buckets the send-time bandit chose among, earliest first; empty
 *     when the hour was not the bandit's choice
 * @param variant the content variant the variant bandit chose for the message, null when nothing is
 *     sent (and in decisions logged before version 4)
 * @param variantPropensity the probability with which the variant bandit chose {@code variant} (1.0
 *     when the app pinned it, only one was offered, or nothing is sent)
 * @param variants the variants the bandit chose among; empty when nothing is sent
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
    List<Integer> hours,
    String variant,
    Double variantPropensity,
    List<String> variants)
    implements PipelineMessage {

  /**
   * 2 added candidates, sendHour and the channel and hour propensities; 3 the channels and hours
   * the bandits chose among. Version 1 documents (still in decision logs) are read with no
   * candidates and both propensities 1.0 (boxed, so that their absence from a version 1 document
   * reads as null rather than failing); versions 1 and 2 with no channels and no hours. 4 added the
   * content variant, its propensity and the variants offered; earlier versions read with no variant
   * and a variant propensity of 1.0.
   */
  public static final int VERSION = 4;

  public Decision {
    if (version == 1) {
      channelPropensity = 1.0;
      hourPropensity = 1.0;
    } else if (version < 2 || version > VERSION) {
      throw new IllegalArgumentException("unsupported Decision version " + version);
    }
    candidates = candidates == null ? List.of() : List.copyOf(candidates);
    channels = channels == null ? List.of() : List.copyOf(channels);
    hours = hours == null ? List.of() : List.copyOf(hours);
    variants = variants == null ? List.of() : List.copyOf(variants);
    variantPropensity = variantPropensity == null ? 1.0 : variantPropensity;
    requireProbability(variantPropensity, "variantPropensity");
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
   * The way to build a decision: the decision {@code decisionId} of {@code signal}, decided at the
   * signal's time; see {@link Builder}.
   */
  public static Builder of(Signal signal, String decisionId) {
    return new Builder(
        decisionId,
        signal.appId(),
        signal.userId(),
        signal.signalId(),
        signal.type().name(),
        signal.at());
  }

  /** A builder holding this decision's signal, intervention, candidates and arms. */
  public Builder toBuilder() {
    Builder b = new Builder(decisionId, appId, userId, signalId, signalType, decidedAt);
    b.intervention = intervention;
    b.candidates = candidates;
    b.channel = channel;
    b.channels = channels;
    b.channelPropensity = channelPropensity;
    b.sendHour = sendHour;
    b.hours = hours;
    b.hourPropensity = hourPropensity;
    b.variant = variant;
    b.variants = variants;
    b.variantPropensity = variantPropensity;
    b.propensity = propensity;
    return b;
  }

  /**
   * This decision, not sent after all: NOT_ELIGIBLE for {@code reason}, with no channel, time or
   * arms.
   */
  public Decision notSent(DecisionReason reason) {
    return toBuilder().notSent(reason);
  }

  private static void requireProbability(double p, String name) {
    if (!(p > 0.0 && p <= 1.0)) {
      throw new IllegalArgumentException(name + " must be in (0, 1], was " + p);
    }
  }

  /**
   * An intervention the catalog offered, with what decide believed of it and what it drew.
   *
   * @param uplift the expected effect (the posterior mean), within [-1, 1]
   * @param source what predicted the uplift: {@code prior}, {@code table} or {@code model}; null in
   *     decisions logged before it was recorded
   * @param modelVersion the per-user model's version when {@code source} is {@code model}, else
   *     null
   * @param standardDeviation the posterior standard deviation of the effect for this user; null in
   *     decisions logged before the ranking drew
   * @param draw the effect drawn from the posterior for this decision, which the ranking compared,
   *     within [-1, 1]; null as above
   * @param propensity the probability that the ranking chooses this candidate under the same
   *     posteriors, in [0, 1]; null as above
   * @param rawScore the per-user model's raw score when {@code source} is {@code model}, before its
   *     calibration turned it into the effect served; null otherwise
   */
  public record Candidate(
      String intervention,
      double uplift,
      String source,
      String modelVersion,
      Double standardDeviation,
      Double draw,
      Double propensity,
      Double rawScore) {
    public Candidate {
      Objects.requireNonNull(intervention, "intervention");
      if (!(uplift >= -1.0 && uplift <= 1.0)) {
        throw new IllegalArgumentException("uplift must be within [-1, 1]: " + uplift);
      }
      if (standardDeviation != null
          && (!(standardDeviation >= 0) || Double.isInfinite(standardDeviation))) {
        throw new IllegalArgumentException(
            "standardDeviation must be finite and not negative: " + standardDeviation);
      }
      if (draw != null && !(draw >= -1.0 && draw <= 1.0)) {
        throw new IllegalArgumentException("draw must be within [-1, 1]: " + draw);
      }
      if (propensity != null && !(propensity >= 0.0 && propensity <= 1.0)) {
        throw new IllegalArgumentException("propensity must be within [0, 1]: " + propensity);
      }
      if (rawScore != null && !Double.isFinite(rawScore)) {
        throw new IllegalArgumentException("rawScore must be finite: " + rawScore);
      }
    }

    /** A candidate with no raw model score. */
    public Candidate(
        String intervention,
        double uplift,
        String source,
        String modelVersion,
        Double standardDeviation,
        Double draw,
        Double propensity) {
      this(intervention, uplift, source, modelVersion, standardDeviation, draw, propensity, null);
    }

    /** A candidate with no draw: named by its source, as decisions logged before draws were. */
    public Candidate(String intervention, double uplift, String source, String modelVersion) {
      this(intervention, uplift, source, modelVersion, null, null, null);
    }

    /** A candidate whose uplift came from no named source. */
    public Candidate(String intervention, double uplift) {
      this(intervention, uplift, null, null);
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

  /**
   * A decision as it takes shape, finished by {@link #notSent} or {@link #send}, whose reason gives
   * the outcome. Not thread-safe: confined to the code deciding one signal.
   */
  public static final class Builder {
    private String decisionId;
    private final String appId;
    private final String userId;
    private final String signalId;
    private final String signalType;
    private Instant decidedAt;
    private String intervention;
    private List<Candidate> candidates = List.of();
    private Channel channel;
    private List<Channel> channels = List.of();
    private double channelPropensity = 1.0;
    private Integer sendHour;
    private List<Integer> hours = List.of();
    private double hourPropensity = 1.0;
    private String variant;
    private List<String> variants = List.of();
    private double variantPropensity = 1.0;
    private double treatmentPropensity = 1.0;
    private Double propensity;

    private Builder(
        String decisionId,
        String appId,
        String userId,
        String signalId,
        String signalType,
        Instant decidedAt) {
      this.decisionId = decisionId;
      this.appId = appId;
      this.userId = userId;
      this.signalId = signalId;
      this.signalType = signalType;
      this.decidedAt = decidedAt;
    }

    /** Another id, for a decision that follows this one (a release). */
    public Builder decisionId(String decisionId) {
      this.decisionId = decisionId;
      return this;
    }

    public Builder decidedAt(Instant decidedAt) {
      this.decidedAt = decidedAt;
      return this;
    }

    /** The candidates, the chosen first, and the one chosen. */
    public Builder intervention(String chosen, List<Candidate> candidates) {
      this.intervention = chosen;
      this.candidates = candidates;
      return this;
    }

    /** The channel chosen among {@code eligible}, with the probability of that choice. */
    public Builder channel(Channel chosen, List<Channel> eligible, double propensity) {
      this.channel = chosen;
      this.channels = eligible;
      this.channelPropensity = propensity;
      this.propensity = null;
      return this;
    }

    /**
     * The send hour (hour of week) chosen among {@code hours} with that probability; {@code hours}
     * empty and probability 1 when no bandit chose it.
     */
    public Builder sendHour(Integer sendHour, List<Integer> hours, double propensity) {
      this.sendHour = sendHour;
      this.hours = hours;
      this.hourPropensity = propensity;
      this.propensity = null;
      return this;
    }

    /** The content variant chosen among {@code offered}, with the probability of that choice. */
    public Builder variant(String chosen, List<String> offered, double propensity) {
      requireProbability(propensity, "variantPropensity");
      this.variant = Objects.requireNonNull(chosen, "variant");
      this.variants = offered;
      this.variantPropensity = propensity;
      this.propensity = null;
      return this;
    }

    /**
     * The probability with which the policy chose to treat or to withhold (the exploration draw), a
     * factor of the decision's {@code propensity}; 1 when nothing was drawn.
     */
    public Builder treatmentPropensity(double probability) {
      requireProbability(probability, "treatmentPropensity");
      this.treatmentPropensity = probability;
      this.propensity = null;
      return this;
    }

    /** A decision that sends nothing: no channel, time or arms; its outcome is the reason's. */
    public Decision notSent(DecisionReason reason) {
      return new Decision(
          VERSION,
          decisionId,
          appId,
          userId,
          signalId,
          signalType,
          reason.outcome(),
          reason,
          intervention,
          null,
          decidedAt,
          null,
          candidates,
          null,
          1.0,
          1.0,
          treatmentPropensity,
          List.of(),
          List.of(),
          null,
          1.0,
          List.of());
    }

    /** A decision that sends, now or at {@code sendAt}: its outcome is the reason's. */
    public Decision send(DecisionReason reason, Instant sendAt) {
      return new Decision(
          VERSION,
          decisionId,
          appId,
          userId,
          signalId,
          signalType,
          reason.outcome(),
          reason,
          intervention,
          channel,
          decidedAt,
          sendAt,
          candidates,
          sendHour,
          channelPropensity,
          hourPropensity,
          propensity != null
              ? propensity
              : treatmentPropensity * channelPropensity * hourPropensity * variantPropensity,
          channels,
          hours,
          variant,
          variantPropensity,
          variants);
    }
  }
}
