package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.learn.BetaPosterior;
import dev.userwhisperer.core.learn.HierarchicalPrior;
import dev.userwhisperer.core.learn.ThompsonChoice;
import dev.userwhisperer.core.learn.ThompsonSampler;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.profile.ArmCounts;
import dev.userwhisperer.core.profile.Arms;
import dev.userwhisperer.core.profile.Features;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Responsiveness;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The channel, the content variant and the send time of a message that may reach the user.
 *
 * <ul>
 *   <li>The channel: Thompson sampling among the eligible channels (only one: chosen with
 *       propensity 1).
 *   <li>The content variant: Thompson sampling among the variants the app offers for the
 *       intervention ({@code AppConfig#variants}), on the app's clicks and conversions per
 *       intervention, channel and variant.
 *   <li>The send time, for marketing interventions that are not {@link Intervention#immediate()}
 *       when {@link DecisionPolicy#optimiseSendTime()}: Thompson sampling among the next 24
 *       hour-of-week buckets in the user's time zone that are not within quiet hours (the current
 *       hour included; for a deadline, only those starting {@link #DEADLINE_NOTICE} before it); the
 *       current hour sends now (SEND {@code eligible}), a later one is DEFERRED to its start
 *       ({@code send_time}, or {@code quiet_hours} when now is quiet). Transactional messages go
 *       now, or at the end of quiet hours (DEFERRED {@code quiet_hours}); immediate ones (a
 *       welcome) go now, quiet hours or not: the user has just acted.
 * </ul>
 *
 * <p>Each arm's posterior is the user's own Beta counts ({@link Responsiveness}) on top of the
 * app-wide counts ({@link ArmStatistics}) shrunk by a {@link HierarchicalPrior}; the app-wide
 * belief about a channel starts from public response rates ({@link ChannelBenchmarks}), and a
 * user's belief about an hour leans towards the hours they are active ({@link ActiveHours}). The
 * random generator is seeded from the decisionId, so the choice is a function of the signal and the
 * state. The decision logs the channels, variants and hours each bandit chose among and the joint
 * propensity (channel times variant times hour, estimated by the sampler's Monte Carlo rounds,
 * never 0). The local time judged is the signal's.
 */
final class SendChoice {
  /**
   * Monte Carlo rounds behind each propensity: 250 keeps a decision's sampling (at most 24 hours
   * and 3 channels, 6,750 Beta draws) inside the 5 ms budget on a shared 2-core machine, where
   * 1,000 rounds took 9 ms at the median. The price: a standard error of at most 0.032 per
   * propensity, and inverse-propensity weights up to 250 per bandit (62,500 joint).
   */
  static final int PROPENSITY_DRAWS = 250;

  static final Duration SEND_TIME_HORIZON = Duration.ofHours(24);

  /** Mixed into the variant bandit's seed, so that its draws are not the channel bandit's. */
  private static final long VARIANT_SEED = 0x9E3779B97F4A7C15L;

  /**
   * The least time a deadline message (the trial's end) leaves the user to act: the send-time
   * bandit chooses only among hours that start this long before the deadline, so that a last call
   * does not arrive in the trial's final hours, when the user may not read it before it ends.
   */
  static final Duration DEADLINE_NOTICE = Duration.ofHours(12);

  private final ArmStatistics arms;
  private final DecisionPolicy policy;
  private final ChannelCosts costs;
  private final HierarchicalPrior prior = HierarchicalPrior.DEFAULT;

  SendChoice(ArmStatistics arms, DecisionPolicy policy, ChannelCosts costs) {
    this.arms = Objects.requireNonNull(arms, "arms");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.costs = Objects.requireNonNull(costs, "costs");
  }

  /** The decision {@code draft}, sent on a channel of {@code eligible} now or at a chosen time. */
  Decision choose(
      Decision.Builder draft,
      Signal signal,
      String decisionId,
      Intervention intervention,
      double uplift,
      List<Channel> eligible,
      List<String> variants,
      Profile profile) {
    SplittableRandom random = new SplittableRandom(seed(decisionId));
    Map<String, ArmCounts> app = arms.counts(signal.appId(), signal.at());
    Responsiveness own = profile.responsiveness();
    Channel channel =
        chooseChannel(draft, signal.appId(), intervention, uplift, eligible, app, own, random);
    chooseVariant(draft, intervention, channel, variants, app, decisionId);

    ZonedDateTime local = signal.at().atZone(Features.zone(profile.timezone()));
    boolean quietNow = !intervention.immediate() && policy.isQuiet(local.toLocalTime());
    if (!intervention.transactional() && !intervention.immediate() && policy.optimiseSendTime()) {
      Map<Integer, ZonedDateTime> slots =
          slots(local, latestSendTime(intervention, profile, signal.at()));
      if (!slots.isEmpty()) {
        Map<Integer, BetaPosterior> beliefs = new TreeMap<>();
        ActiveHours active = ActiveHours.of(profile.features());
        slots.keySet().forEach(h -> beliefs.put(h, hourPosterior(h, active, app, own)));
        ThompsonChoice<Integer> hour =
            new ThompsonSampler(random, PROPENSITY_DRAWS).choose(beliefs);
        List<Integer> hours =
            slots.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .toList();
        draft.sendHour(hour.arm(), hours, hour.propensity());
        ZonedDateTime slot = slots.get(hour.arm());
        if (slot.equals(local)) {
          return draft.send(DecisionReason.ELIGIBLE, signal.at());
        }
        return draft.send(
            quietNow ? DecisionReason.QUIET_HOURS : DecisionReason.SEND_TIME, slot.toInstant());
      }
    }
    ZonedDateTime sendAt = quietNow ? endOfQuietHours(local) : local;
    draft.sendHour(Arms.hourOfWeek(sendAt), List.of(), 1.0);
    return quietNow
        ? draft.send(DecisionReason.QUIET_HOURS, sendAt.toInstant())
        : draft.send(DecisionReason.ELIGIBLE, signal.at());
  }

  /**
   * The decision {@code draft}, sent now as an exploration past the uplift gate (SEND {@code
   * explored}): the channel by Thompson sampling on response rates alone among {@code channels}
   * (the cheapest eligible ones), as for a message whose effect is unknown, the variant as usual,
   * and no send-time choice, so that the draw's arms are not split further by the hour.
   */
  Decision explore(
      Decision.Builder draft,
      Signal signal,
      String decisionId,
      Intervention intervention,
      List<Channel> channels,
      List<String> variants,
      Profile profile) {
    SplittableRandom random = new SplittableRandom(seed(decisionId));
    Map<String, ArmCounts> app = arms.counts(signal.appId(), signal.at());
    Channel channel = chooseByRate(draft, channels, app, profile.responsiveness(), random);
    chooseVariant(draft, intervention, channel, variants, app, decisionId);
    ZonedDateTime local = signal.at().atZone(Features.zone(profile.timezone()));
    draft.sendHour(Arms.hourOfWeek(local), List.of(), 1.0);
    return draft.send(DecisionReason.EXPLORED, signal.at());
  }

  private Channel chooseByRate(
      Decision.Builder draft,
      List<Channel> eligible,
      Map<String, ArmCounts> app,
      Responsiveness own,
      SplittableRandom random) {
    if (eligible.size() == 1) {
      draft.channel(eligible.get(0), eligible, 1.0);
      return eligible.get(0);
    }
    Map<Channel, BetaPosterior> beliefs = new EnumMap<>(Channel.class);
    eligible.forEach(c -> beliefs.put(c, channelPosterior(c, app, own)));
    ThompsonChoice<Channel> channel = new ThompsonSampler(random, PROPENSITY_DRAWS).choose(beliefs);
    draft.channel(channel.arm(), eligible, channel.propensity());
    return channel.arm();
  }

  /**
   * Thompson sampling over the eligible channels by value: for a marketing message, the effect the
   * channel delivers (the intervention's expected effect scaled by the channel's sampled response
   * rate against the mean of the eligible channels' expected rates, so that the channels average
   * the intervention's effect) less the channel's cost; with no costs, that is the channel with the
   * highest sampled rate, as it was before costs. A transactional message is chosen by rate alone.
   * Returns the channel chosen.
   */
  private Channel chooseChannel(
      Decision.Builder draft,
      String appId,
      Intervention intervention,
      double uplift,
      List<Channel> eligible,
      Map<String, ArmCounts> app,
      Responsiveness own,
      SplittableRandom random) {
    if (eligible.size() == 1 || intervention.transactional()) {
      return chooseByRate(draft, eligible, app, own, random);
    }
    Map<Channel, BetaPosterior> beliefs = new EnumMap<>(Channel.class);
    Map<Channel, Double> cost = new EnumMap<>(Channel.class);
    for (Channel c : eligible) {
      beliefs.put(c, channelPosterior(c, app, own));
      cost.put(c, costs.of(appId, c)); // once, not in each of the sampler's rounds
    }
    double meanRate =
        beliefs.values().stream().mapToDouble(BetaPosterior::mean).average().orElse(1);
    double perRate = meanRate > 0 ? uplift / meanRate : 0;
    ThompsonChoice<Channel> channel =
        new ThompsonSampler(random, PROPENSITY_DRAWS)
            .choose(beliefs, (c, rate) -> perRate * rate - cost.get(c));
    draft.channel(channel.arm(), eligible, channel.propensity());
    return channel.arm();
  }

  /**
   * Thompson sampling over the content variants offered for the intervention on the chosen channel,
   * each believed Beta(1 + clicks or conversions, 1 + neither) from the app's settled messages of
   * that intervention, channel and variant: copy is the app's to learn, so no user's own counts
   * enter. One variant offered (pinned, or the others retired) is chosen with propensity 1. Its own
   * generator, seeded from the decisionId like the others', leaves the channel and hour draws as
   * they were before variants.
   */
  private void chooseVariant(
      Decision.Builder draft,
      Intervention intervention,
      Channel channel,
      List<String> variants,
      Map<String, ArmCounts> app,
      String decisionId) {
    if (variants.size() == 1) {
      draft.variant(variants.get(0), variants, 1.0);
      return;
    }
    Map<String, BetaPosterior> beliefs = new TreeMap<>();
    variants.forEach(
        v ->
            beliefs.put(
                v,
                BetaPosterior.of(
                    app.getOrDefault(
                        Arms.variant(intervention.name(), channel, v), ArmCounts.NONE))));
    ThompsonChoice<String> variant =
        new ThompsonSampler(new SplittableRandom(seed(decisionId) ^ VARIANT_SEED), PROPENSITY_DRAWS)
            .choose(beliefs);
    draft.variant(variant.arm(), variants, variant.propensity());
  }

  private BetaPosterior channelPosterior(
      Channel channel, Map<String, ArmCounts> app, Responsiveness own) {
    String arm = Arms.channel(channel);
    ArmCounts mine = own.counts(arm);
    BetaPosterior appBelief =
        ChannelBenchmarks.appPosterior(channel, app.getOrDefault(arm, ArmCounts.NONE));
    return prior.userPosterior(appBelief, mine.successes(), mine.failures());
  }

  private BetaPosterior hourPosterior(
      int hourOfWeek, ActiveHours active, Map<String, ArmCounts> app, Responsiveness own) {
    String arm = Arms.hour(hourOfWeek);
    ArmCounts mine = own.counts(arm);
    BetaPosterior userPrior =
        prior.userPrior(BetaPosterior.of(app.getOrDefault(arm, ArmCounts.NONE)));
    return active.prior(userPrior, hourOfWeek).update(mine.successes(), mine.failures());
  }

  /**
   * Until when the send time may be put off: the horizon, or for a deadline the notice it must
   * leave before the trial's end, whichever comes first.
   */
  private static Instant latestSendTime(Intervention intervention, Profile profile, Instant now) {
    Instant horizon = now.plus(SEND_TIME_HORIZON);
    Instant deadline = profile.billing().trialEndsAt();
    if (!intervention.deadline() || deadline == null) {
      return horizon;
    }
    Instant notice = deadline.minus(DEADLINE_NOTICE);
    return notice.isBefore(horizon) ? notice : horizon;
  }

  /**
   * The send-time candidates: the current moment and the starts of the next hours before {@code
   * latest} (at most 23), by their hour-of-week bucket, skipping quiet hours; an hour in which
   * quiet hours end starts at their end.
   */
  private Map<Integer, ZonedDateTime> slots(ZonedDateTime local, Instant latest) {
    Map<Integer, ZonedDateTime> slots = new TreeMap<>();
    ZonedDateTime hourStart = local.truncatedTo(ChronoUnit.HOURS);
    for (int i = 0; i < SEND_TIME_HORIZON.toHours(); i++) {
      ZonedDateTime slot = i == 0 ? local : hourStart.plusHours(i);
      if (i > 0 && !slot.toInstant().isBefore(latest)) {
        break;
      }
      if (policy.isQuiet(slot.toLocalTime())) {
        ZonedDateTime end = endOfQuietHours(slot);
        if (!end.isBefore(slot.truncatedTo(ChronoUnit.HOURS).plusHours(1))) {
          continue;
        }
        slot = end;
      }
      slots.putIfAbsent(Arms.hourOfWeek(slot), slot);
    }
    return slots;
  }

  private ZonedDateTime endOfQuietHours(ZonedDateTime local) {
    ZonedDateTime end = local.with(policy.quietEnd());
    if (!end.isAfter(local)) {
      end = end.plusDays(1).with(policy.quietEnd());
    }
    return end;
  }

  private static long seed(String decisionId) {
    return ByteBuffer.wrap(HexFormat.of().parseHex(decisionId, 0, 16)).getLong();
  }
}
