package dev.userwhisperer.analyze;

import dev.userwhisperer.core.analyze.AnalyzePolicy;
import dev.userwhisperer.core.analyze.Analyzer;
import dev.userwhisperer.core.analyze.LifecycleRules;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.event.UserEventBatch;
import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.port.ChurnScorer;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.ScheduleStore;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.signal.Signal;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The analyze stage as the function {@value #FUNCTION}: events topic in, signals out. The ports
 * come from the adapters' configuration (Google Cloud or local); a {@link LifecycleThresholds} or
 * {@link AnalyzePolicy} bean replaces the defaults, a {@link Clock} bean the system clock. With a
 * {@link ChurnScorer} bean each batch's profile is scored for churn; without one nothing is.
 */
@Configuration(proxyBeanMethods = false)
public class AnalyzeConfiguration {
  public static final String FUNCTION = "analyze";

  @Bean(FUNCTION)
  public Function<UserEventBatch, List<Signal>> analyze(
      ProfileStore profiles,
      Warehouse warehouse,
      ScheduleStore schedule,
      ArmStatistics arms,
      ObjectProvider<LifecycleThresholds> thresholds,
      ObjectProvider<AnalyzePolicy> policy,
      ObjectProvider<ChurnScorer> scorer,
      ObjectProvider<Clock> clock) {
    LifecycleRules rules =
        new LifecycleRules(thresholds.getIfAvailable(() -> LifecycleThresholds.DEFAULTS));
    return new Analyzer(
        profiles,
        warehouse,
        schedule,
        arms,
        rules,
        policy.getIfAvailable(() -> AnalyzePolicy.DEFAULTS),
        Optional.ofNullable(scorer.getIfAvailable()),
        clock.getIfAvailable(Clock::systemUTC));
  }
}
