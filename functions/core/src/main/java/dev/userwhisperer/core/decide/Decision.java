package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.PipelineMessage;
import dev.userwhisperer.core.Topics;
import dev.userwhisperer.core.profile.Channel;
import java.time.Instant;
import java.util.Objects;

/**
 * What decide concluded for one signal; every decision is recorded, including those that send
 * nothing.
 *
 * <p>A DEFERRED decision is released by the sweep at its {@code sendAt} as a second decision: the
 * same signal, intervention, channel and {@code sendAt}, outcome SEND, reason {@code released}, id
 * {@code <deferredId>:released}, {@code decidedAt} the release time. Both are recorded, so the
 * decision log (and {@code GET /v1/users}) shows that it was deferred and then sent; compose and
 * deliver see only the released one. Frequency caps count messages per signal, so the pair counts
 * once (see {@code DecisionLog#countMessagesSince}).
 *
 * @param reason machine-readable why, e.g. {@code holdout}, {@code no_consent}, {@code
 *     frequency_cap}, {@code quiet_hours}, {@code eligible}
 * @param intervention the catalog entry chosen, null when none applies
 * @param decidedAt the event time of the decision: the signal's time, or the release time for a
 *     release (the time of the sweep that released it)
 * @param channel the channel chosen, null when nothing is sent
 * @param sendAt when to send: the signal's time for {@link Outcome#SEND} (the deferred sendAt for a
 *     release), the end of quiet hours for {@link Outcome#DEFERRED}
 * @param propensity the probability with which the policy chose this arm (1.0 for rule-based picks)
 */
public record Decision(
    int version,
    String decisionId,
    String appId,
    String userId,
    String signalId,
    String signalType,
    Outcome outcome,
    String reason,
    String intervention,
    Channel channel,
    Instant decidedAt,
    Instant sendAt,
    double propensity)
    implements PipelineMessage {

  public static final int VERSION = 1;

  public Decision {
    if (version != VERSION) {
      throw new IllegalArgumentException("unsupported Decision version " + version);
    }
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(decidedAt, "decidedAt");
    if ((outcome == Outcome.SEND || outcome == Outcome.DEFERRED)
        && (channel == null || sendAt == null)) {
      throw new IllegalArgumentException(outcome + " needs a channel and a sendAt");
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
