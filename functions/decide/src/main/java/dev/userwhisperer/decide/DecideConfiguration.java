package dev.userwhisperer.decide;

import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.decide.ChannelCosts;
import dev.userwhisperer.core.decide.Decider;
import dev.userwhisperer.core.decide.DecisionPolicy;
import dev.userwhisperer.core.decide.InterventionCatalog;
import dev.userwhisperer.core.decide.PriorUpliftModel;
import dev.userwhisperer.core.decide.RecentAppConfigs;
import dev.userwhisperer.core.decide.UpliftModel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Warehouse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The decide stage as the function {@value #FUNCTION}: signals topic in, decisions to compose out.
 * A {@link DecisionPolicy} bean replaces the default policy, an {@link UpliftModel} bean the {@link
 * PriorUpliftModel}; the {@link AppConfigStore} says which interventions and content variants each
 * app has on. Decide reads no clock: it decides on the signal's event time.
 *
 * <p>Without a {@link DecisionPolicy} bean, the property {@value #HOLDOUT_PERCENT} (environment
 * variable {@code WHISPERER_DECIDE_HOLDOUT_PERCENT}, which Terraform sets on the decide function)
 * sets the share of users in the global holdout, {@code 10} when absent or blank; anything but a
 * whole number from 0 to 100 stops the stage from starting. Changing it moves users in or out of
 * the holdout (a stable hash below the share), so it is a setting to choose once per app.
 *
 * <p>Each app's configuration is read at most every five minutes of the {@link Clock} bean's time
 * ({@link RecentAppConfigs}); its channel costs come from it ({@link ChannelCosts#perApp}), the
 * policy's where it sets none.
 */
@Configuration(proxyBeanMethods = false)
public class DecideConfiguration {
  public static final String FUNCTION = "decide";
  public static final String HOLDOUT_PERCENT = "whisperer.decide.holdout-percent";

  /** How long decide uses an app's configuration before reading it again. */
  static final Duration CONFIG_MAX_AGE = Duration.ofMinutes(5);

  @Bean(FUNCTION)
  public Function<Signal, List<Decision>> decide(
      ProfileStore profiles,
      DecisionLog decisions,
      Warehouse warehouse,
      ArmStatistics arms,
      AppConfigStore configs,
      ObjectProvider<UpliftModel> uplift,
      ObjectProvider<DecisionPolicy> policy,
      ObjectProvider<Clock> clock,
      @Value("${" + HOLDOUT_PERCENT + ":}") String holdoutPercent) {
    DecisionPolicy chosen = policy.getIfAvailable(() -> policyWithHoldout(holdoutPercent));
    return new Decider(
        profiles,
        decisions,
        warehouse,
        arms,
        new InterventionCatalog(),
        uplift.getIfAvailable(PriorUpliftModel::new),
        chosen,
        new RecentAppConfigs(configs, clock.getIfAvailable(Clock::systemUTC), CONFIG_MAX_AGE));
  }

  /**
   * The default policy with the configured holdout share.
   *
   * @throws IllegalStateException naming the property when the value is not a whole number within
   *     0..100
   */
  static DecisionPolicy policyWithHoldout(String percent) {
    if (percent == null || percent.isBlank()) {
      return DecisionPolicy.DEFAULTS;
    }
    try {
      return DecisionPolicy.DEFAULTS.withHoldoutPercent(Integer.parseInt(percent.strip()));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          HOLDOUT_PERCENT
              + " (environment WHISPERER_DECIDE_HOLDOUT_PERCENT) must be a whole number of percent"
              + " from 0 to 100, e.g. 10; it is \""
              + percent
              + "\"",
          e);
    }
  }
}
