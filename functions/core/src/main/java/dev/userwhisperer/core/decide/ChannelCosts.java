package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.appconfig.AppConfig;
import dev.userwhisperer.core.message.Channel;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What one marketing message on a channel costs an app, in probability points of the intervention's
 * goal: what decide weighs a message's expected effect against.
 *
 * <p>{@link #of(DecisionPolicy)} is the deployment's setting for every app ({@link
 * DecisionPolicy#channelCosts()}). {@link #perApp} reads each app's own from its configuration:
 * {@code channels.<channel>.costPerMessage}, in US dollars, divided by what reaching the goal is
 * worth to the app, taken as one month of its cheapest plan (a yearly price over 12). A message is
 * worth sending when effect × value > cost, i.e. when the effect exceeds cost / value; the cheapest
 * month is the least a conversion or a retained paying month brings, so the cost in points is if
 * anything overstated. Prices are read as dollars whatever their currency (an app billing in a
 * currency far from the dollar sets a cost in the same unit). Where the app sets no cost for the
 * channel, or has no plan to value the goal by, the policy's cost applies.
 */
public interface ChannelCosts {

  /** The cost of one marketing message of {@code appId} on {@code channel}, within [0, 1]. */
  double of(String appId, Channel channel);

  /** The policy's costs for every app. */
  static ChannelCosts of(DecisionPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    return (appId, channel) -> policy.costOf(channel);
  }

  /**
   * Each app's costs from its configuration ({@link RecentAppConfigs}), the policy's where it sets
   * none.
   */
  static ChannelCosts perApp(Function<String, AppConfig> configs, DecisionPolicy policy) {
    Objects.requireNonNull(configs, "configs");
    Objects.requireNonNull(policy, "policy");
    return (appId, channel) ->
        configured(configs.apply(appId), channel).orElseGet(() -> policy.costOf(channel));
  }

  /**
   * The app's cost of a message on the channel in points of the goal, empty when the configuration
   * does not say.
   */
  static Optional<Double> configured(AppConfig config, Channel channel) {
    Optional<BigDecimal> dollars =
        config.channel(channel.wireName()).map(AppConfig.ChannelSettings::costPerMessage);
    Optional<BigDecimal> month =
        config.plans().stream()
            .map(
                p ->
                    "year".equalsIgnoreCase(p.period())
                        ? p.price().divide(BigDecimal.valueOf(12), MathContext.DECIMAL64)
                        : p.price())
            .filter(price -> price.signum() > 0)
            .min(BigDecimal::compareTo);
    if (dollars.isEmpty() || month.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Math.min(1.0, dollars.get().divide(month.get(), MathContext.DECIMAL64).doubleValue()));
  }
}
