package dev.userwhisperer.sweep;

import dev.userwhisperer.core.analyze.LifecycleRules;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.decide.InterventionCatalog;
import dev.userwhisperer.core.port.EventBus;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.schedule.Sweeper;
import dev.userwhisperer.core.schedule.Sweeper.Limits;
import dev.userwhisperer.core.schedule.Sweeper.SweepReport;
import java.time.Clock;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sweep stage as the function {@value #FUNCTION}: called on a timer (Cloud Scheduler, or the
 * local runner's), it publishes the scheduled work that is due as of the platform clock, within the
 * {@link Limits} of {@value #PROFILES_PER_RUN}, {@value #PARALLELISM} and {@value #SHARDED} (on for
 * Firestore in production, whose only index on the due time is sharded).
 */
@Configuration(proxyBeanMethods = false)
public class SweepConfiguration {
  public static final String FUNCTION = "sweep";
  public static final String PROFILES_PER_RUN = "whisperer.sweep.profiles-per-run";
  public static final String PARALLELISM = "whisperer.sweep.parallelism";
  public static final String SHARDED = "whisperer.sweep.sharded";

  @Bean
  public Sweeper sweeper(
      ProfileStore profiles,
      Warehouse warehouse,
      EventBus bus,
      ObjectProvider<LifecycleThresholds> thresholds,
      @Value("${" + PROFILES_PER_RUN + ":20000}") int profilesPerRun,
      @Value("${" + PARALLELISM + ":1}") int parallelism,
      @Value("${" + SHARDED + ":false}") boolean sharded) {
    LifecycleRules rules =
        new LifecycleRules(thresholds.getIfAvailable(() -> LifecycleThresholds.DEFAULTS));
    return new Sweeper(
        profiles,
        warehouse,
        bus,
        rules,
        new InterventionCatalog(),
        new Limits(profilesPerRun, parallelism, sharded));
  }

  @Bean(FUNCTION)
  public Supplier<SweepReport> sweep(Sweeper sweeper, Clock clock) {
    return () -> sweeper.run(clock.instant());
  }
}
