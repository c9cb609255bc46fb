package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Decision.Candidate;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.DecisionReason;
import java.time.Instant;
import java.util.List;

/**
 * Builds test decisions: {@code Decisions.decision("d1").reason(QUIET_HOURS).sendAt(t).build()}. By
 * default a welcome SEND {@code eligible} by e-mail to user {@code u1} of {@code app1}, for the
 * SIGNED_UP signal {@code s1}, decided and sent at {@link Profiles#T0}, every propensity 1. The
 * outcome is the reason's; a decision that sends nothing has no channel and no {@code sendAt}.
 */
public final class Decisions {
  private final String decisionId;
  private String appId = "app1";
  private String userId = "u1";
  private String signalId = "s1";
  private String signalType = "SIGNED_UP";
  private DecisionReason reason = DecisionReason.ELIGIBLE;
  private String intervention = "welcome";
  private Channel channel = Channel.EMAIL;
  private Instant decidedAt = Profiles.T0;
  private Instant sendAt;
  private List<Candidate> candidates = List.of();
  private Integer sendHour;
  private double channelPropensity = 1.0;
  private double hourPropensity = 1.0;
  private Double propensity;
  private List<Channel> channels = List.of();
  private List<Integer> hours = List.of();
  private String variant = "a";

  private Decisions(String decisionId) {
    this.decisionId = decisionId;
  }

  public static Decisions decision(String decisionId) {
    return new Decisions(decisionId);
  }

  public Decisions app(String appId) {
    this.appId = appId;
    return this;
  }

  public Decisions user(String userId) {
    this.userId = userId;
    return this;
  }

  public Decisions signal(String signalId, String signalType) {
    this.signalId = signalId;
    this.signalType = signalType;
    return this;
  }

  public Decisions reason(DecisionReason reason) {
    this.reason = reason;
    return this;
  }

  /** The content variant, the only one offered (propensity 1). */
  public Decisions variant(String variant) {
    this.variant = variant;
    return this;
  }

  public Decisions intervention(String intervention) {
    this.intervention = intervention;
    return this;
  }

  public Decisions channel(Channel channel) {
    this.channel = channel;
    return this;
  }

  /**
   * Also the {@code sendAt} of a decision that sends now, unless {@link #sendAt} says otherwise.
   */
  public Decisions at(Instant decidedAt) {
    this.decidedAt = decidedAt;
    return this;
  }

  public Decisions sendAt(Instant sendAt) {
    this.sendAt = sendAt;
    return this;
  }

  public Decisions candidates(List<Candidate> candidates) {
    this.candidates = candidates;
    return this;
  }

  /** The channel bandit's choice among {@code channels}, with its propensity. */
  public Decisions channelChoice(List<Channel> channels, double propensity) {
    this.channels = channels;
    this.channelPropensity = propensity;
    return this;
  }

  /** The send-time bandit's choice of {@code sendHour} among {@code hours}, with its propensity. */
  public Decisions hourChoice(int sendHour, List<Integer> hours, double propensity) {
    this.sendHour = sendHour;
    this.hours = hours;
    this.hourPropensity = propensity;
    return this;
  }

  /** The joint propensity, when a test needs one other than channel × hour. */
  public Decisions propensity(double propensity) {
    this.propensity = propensity;
    return this;
  }

  public Decision build() {
    boolean sends = reason.outcome() == Outcome.SEND || reason.outcome() == Outcome.DEFERRED;
    return new Decision(
        Decision.VERSION,
        decisionId,
        appId,
        userId,
        signalId,
        signalType,
        reason.outcome(),
        reason,
        intervention,
        sends ? channel : null,
        decidedAt,
        sends ? (sendAt == null ? decidedAt : sendAt) : null,
        candidates,
        sends ? sendHour : null,
        channelPropensity,
        hourPropensity,
        propensity == null ? channelPropensity * hourPropensity : propensity,
        sends ? channels : List.of(),
        sends ? hours : List.of(),
        sends ? variant : null,
        1.0,
        sends ? List.of(variant) : List.of());
  }
}
