package dev.userwhisperer.local;

import dev.userwhisperer.core.decide.UpliftModel;
import dev.userwhisperer.core.learn.CachedUpliftModel;
import dev.userwhisperer.core.learn.UpliftEstimator;
import dev.userwhisperer.core.learn.UpliftRefresh;
import dev.userwhisperer.core.port.UpliftSource;
import dev.userwhisperer.core.port.UpliftTableStore;
import dev.userwhisperer.local.time.SimulatedClock;
import dev.userwhisperer.local.warehouse.DuckDbUpliftSource;
import dev.userwhisperer.local.warehouse.DuckDbWarehouse;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Primary;

/**
 * The learned side of uplift locally: the view {@code uplift_outcomes} on DuckDB, the refresh that
 * {@link SweepControl} runs once per platform-clock day (and {@code POST /admin/learn} on demand),
 * and the model decide ranks with: the stored table read through a five-minute cache, falling back
 * to the bean {@value #PRIOR} (the prior uplift model the decide stage defines) where the table has
 * no data.
 */
@Configuration(proxyBeanMethods = false)
class UpliftLearning {
  static final String PRIOR = "priorUpliftModel";

  @Bean
  UpliftSource upliftSource(DuckDbWarehouse warehouse) {
    return new DuckDbUpliftSource(warehouse);
  }

  @Bean
  UpliftRefresh upliftRefresh(UpliftSource source, UpliftTableStore store, SimulatedClock clock) {
    return new UpliftRefresh(source, store, clock);
  }

  /**
   * The model decide ranks with. The prior is resolved on the first ranking ({@code @Lazy}), so
   * that the runner also starts where decide does not rank by uplift and defines no prior.
   */
  @Bean
  @Primary
  UpliftModel upliftModel(
      UpliftTableStore store, @Lazy @Qualifier(PRIOR) UpliftModel prior, SimulatedClock clock) {
    return new CachedUpliftModel(
        store, prior, UpliftEstimator.DEFAULT, clock, CachedUpliftModel.DEFAULT_MAX_AGE);
  }
}
