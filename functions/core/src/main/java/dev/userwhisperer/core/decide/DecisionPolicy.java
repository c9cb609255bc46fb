package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.message.Channel;
import java.time.Duration;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Every number decide's rules use, with {@link #DEFAULTS}.
 *
 * <p>The frequency cap adapts to the user ({@link #fatigueCap}): every {@code ignoredPerHalving}
 * consecutive messages the user ignored (no open, click or conversion within the attribution
 * window) halve the weekly cap, down to a floor of one message per two weeks; any response resets
 * the run and so restores the full cap. An unsubscribe or a complaint stops a channel altogether
 * (see {@code Decider}).
 *
 * @param holdoutPercent share of users (0–100) in the global holdout, sent no non-transactional
 *     message
 * @param maxPerDay non-transactional messages per user within any {@code day}
 * @param maxPerWeek non-transactional messages per user within any {@code week}, before fatigue
 * @param quietStart local time at which quiet hours begin
 * @param quietEnd local time at which quiet hours end and deferred messages are released
 * @param minUplift a non-transactional intervention is sent only if its expected uplift is above
 *     this ({@code no_uplift} otherwise)
 * @param ignoredPerHalving consecutive ignored messages that halve the weekly cap, positive
 * @param optimiseSendTime whether non-transactional sends wait for the hour the send-time bandit
 *     chooses within the next 24 hours; when false they go now (or at the end of quiet hours)
 * @param explorationPercent share (0–100) of the marketing decisions of users outside the holdout
 *     that are withheld at random (HELD_OUT {@code exploration}), so that every intervention keeps
 *     a randomized control among the users decide does message; logged with its propensity
 * @param gatedExplorationPercent share (0–99) of the marketing decisions that the uplift gate stops
 *     (expected effect, net of the channel's cost, not above {@link #minUplift}) that are sent at
 *     random instead (SEND {@code explored}), so that a model's negative predictions are checked
 *     against randomized outcomes; never to a user who unsubscribed or complained on any channel or
 *     whom their own posterior marks as harmed with confidence ({@code TreatmentDraw}); an app may
 *     set its own per intervention ({@code interventions.<name>.gatedExplorationPercent})
 */
public record DecisionPolicy(
    int holdoutPercent,
    int maxPerDay,
    int maxPerWeek,
    LocalTime quietStart,
    LocalTime quietEnd,
    double minUplift,
    int ignoredPerHalving,
    boolean optimiseSendTime,
    int explorationPercent,
    int gatedExplorationPercent,
    Map<Channel, Double> channelCosts) {

  public static final Duration DAY = Duration.ofHours(24);
  public static final Duration WEEK = Duration.ofDays(7);

  /** The fatigue floor: one message per this window. */
  public static final Duration FLOOR_WINDOW = Duration.ofDays(14);

  /**
   * One SMS costs a point of the goal by default: a US SMS costs about $0.008 and a trial converts
   * to a plan worth tens of dollars, so money alone is a tenth of a point; the rest stands for the
   * goodwill an unasked-for text spends. An assumption until an app sets its own.
   */
  public static final double DEFAULT_SMS_COST = 0.01;

  public static final DecisionPolicy DEFAULTS =
      new DecisionPolicy(
          10,
          1,
          3,
          LocalTime.of(21, 0),
          LocalTime.of(8, 0),
          0.0,
          2,
          true,
          5,
          5,
          Map.of(Channel.SMS, DEFAULT_SMS_COST));

  public DecisionPolicy {
    if (holdoutPercent < 0 || holdoutPercent > 100) {
      throw new IllegalArgumentException("holdoutPercent must be within 0..100: " + holdoutPercent);
    }
    channelCosts = channelCosts == null ? Map.of() : Map.copyOf(channelCosts);
    channelCosts.forEach(
        (channel, cost) -> {
          if (!(cost >= 0 && cost <= 1)) {
            throw new IllegalArgumentException(
                "the cost of " + channel + " must be within [0, 1]: " + cost);
          }
        });
    if (explorationPercent < 0 || explorationPercent >= 100) {
      throw new IllegalArgumentException(
          "explorationPercent must be within 0..99: " + explorationPercent);
    }
    if (gatedExplorationPercent < 0 || gatedExplorationPercent >= 100) {
      throw new IllegalArgumentException(
          "gatedExplorationPercent must be within 0..99: " + gatedExplorationPercent);
    }
    if (maxPerDay < 0 || maxPerWeek < 0) {
      throw new IllegalArgumentException("caps must not be negative");
    }
    Objects.requireNonNull(quietStart, "quietStart");
    Objects.requireNonNull(quietEnd, "quietEnd");
    if (!(minUplift >= -1.0 && minUplift <= 1.0)) {
      throw new IllegalArgumentException("minUplift must be within [-1, 1]: " + minUplift);
    }
    if (ignoredPerHalving < 1) {
      throw new IllegalArgumentException(
          "ignoredPerHalving must be positive: " + ignoredPerHalving);
    }
  }

  public DecisionPolicy withHoldoutPercent(int percent) {
    return new DecisionPolicy(
        percent,
        maxPerDay,
        maxPerWeek,
        quietStart,
        quietEnd,
        minUplift,
        ignoredPerHalving,
        optimiseSendTime,
        explorationPercent,
        gatedExplorationPercent,
        channelCosts);
  }

  public DecisionPolicy withQuietHours(LocalTime start, LocalTime end) {
    return new DecisionPolicy(
        holdoutPercent,
        maxPerDay,
        maxPerWeek,
        start,
        end,
        minUplift,
        ignoredPerHalving,
        optimiseSendTime,
        explorationPercent,
        gatedExplorationPercent,
        channelCosts);
  }

  public DecisionPolicy withSendTimeOptimised(boolean optimise) {
    return new DecisionPolicy(
        holdoutPercent,
        maxPerDay,
        maxPerWeek,
        quietStart,
        quietEnd,
        minUplift,
        ignoredPerHalving,
        optimise,
        explorationPercent,
        gatedExplorationPercent,
        channelCosts);
  }

  public DecisionPolicy withExplorationPercent(int percent) {
    return new DecisionPolicy(
        holdoutPercent,
        maxPerDay,
        maxPerWeek,
        quietStart,
        quietEnd,
        minUplift,
        ignoredPerHalving,
        optimiseSendTime,
        percent,
        gatedExplorationPercent,
        channelCosts);
  }

  public DecisionPolicy withGatedExplorationPercent(int percent) {
    return new DecisionPolicy(
        holdoutPercent,
        maxPerDay,
        maxPerWeek,
        quietStart,
        quietEnd,
        minUplift,
        ignoredPerHalving,
        optimiseSendTime,
        explorationPercent,
        percent,
        channelCosts);
  }

  public DecisionPolicy withChannelCost(Channel channel, double cost) {
    Map<Channel, Double> costs = new EnumMap<>(Channel.class);
    costs.putAll(channelCosts);
    costs.put(channel, cost);
    return new DecisionPolicy(
        holdoutPercent,
        maxPerDay,
        maxPerWeek,
        quietStart,
        quietEnd,
        minUplift,
        ignoredPerHalving,
        optimiseSendTime,
        explorationPercent,
        gatedExplorationPercent,
        costs);
  }

  /** What one marketing message on {@code channel} costs, in probability points of the goal. */
  public double costOf(Channel channel) {
    return channelCosts.getOrDefault(channel, 0.0);
  }

  /** Whether a local time of day falls in quiet hours; the window may span midnight. */
  public boolean isQuiet(LocalTime time) {
    if (quietStart.equals(quietEnd)) {
      return false;
    }
    if (quietStart.isBefore(quietEnd)) {
      return !time.isBefore(quietStart) && time.isBefore(quietEnd);
    }
    return !time.isBefore(quietStart) || time.isBefore(quietEnd);
  }

  /** At most {@code messages} non-transactional messages within any {@code window}. */
  public record Cap(int messages, Duration window) {}

  /**
   * The long-window cap for a user who ignored the last {@code ignoredStreak} messages: {@code
   * maxPerWeek / 2^(ignoredStreak / ignoredPerHalving)} per week, rounded down, and once that is
   * below one, one per {@link #FLOOR_WINDOW}. With the defaults: 3 a week, after 2 ignored 1 a
   * week, after 4 ignored 1 per two weeks.
   */
  public Cap fatigueCap(int ignoredStreak) {
    int halvings = Math.min(ignoredStreak / ignoredPerHalving, 30);
    int weekly = maxPerWeek >> halvings;
    return weekly >= 1 || maxPerWeek == 0 ? new Cap(weekly, WEEK) : new Cap(1, FLOOR_WINDOW);
  }
}
