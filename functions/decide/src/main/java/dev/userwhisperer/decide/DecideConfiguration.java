package dev.userwhisperer.decide;

import dev.userwhisperer.core.decide.Decider;
import dev.userwhisperer.core.decide.Decision;
import dev.userwhisperer.core.decide.DecisionPolicy;
import dev.userwhisperer.core.decide.InterventionCatalog;
import dev.userwhisperer.core.decide.PriorUpliftModel;
import dev.userwhisperer.core.decide.UpliftModel;
import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.ScheduleStore;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.signal.Signal;
import java.util.List;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The decide stage as the function {@value #FUNCTION}: signals topic in, decisions to compose out.
 * A {@link DecisionPolicy} bean replaces the default policy, an {@link UpliftModel} bean the {@link
 * PriorUpliftModel}. Decide reads no clock: it decides on the signal's event time.
 */
@Configuration(proxyBeanMethods = false)
public class DecideConfiguration {
  public static final String FUNCTION = "decide";

  @Bean(FUNCTION)
  public Function<Signal, List<Decision>> decide(
      ProfileStore profiles,
      DecisionLog decisions,
      Warehouse warehouse,
      ScheduleStore schedule,
      ArmStatistics arms,
      ObjectProvider<UpliftModel> uplift,
      ObjectProvider<DecisionPolicy> policy) {
    return new Decider(
        profiles,
        decisions,
        warehouse,
        schedule,
        arms,
        new InterventionCatalog(),
        uplift.getIfAvailable(PriorUpliftModel::new),
        policy.getIfAvailable(() -> DecisionPolicy.DEFAULTS));
  }
}
