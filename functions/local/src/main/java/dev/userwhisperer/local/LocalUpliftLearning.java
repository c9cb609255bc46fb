package dev.userwhisperer.local;

import dev.userwhisperer.core.decide.CachedUpliftModel;
import dev.userwhisperer.core.decide.PriorUpliftModel;
import dev.userwhisperer.core.decide.UpliftModel;
import dev.userwhisperer.core.learn.UpliftEstimator;
import dev.userwhisperer.core.learn.UpliftRefresh;
import dev.userwhisperer.core.port.UpliftSource;
import dev.userwhisperer.core.port.UpliftTableStore;
import dev.userwhisperer.local.time.SimulatedClock;
import dev.userwhisperer.local.warehouse.DuckDbUpliftSource;
import dev.userwhisperer.local.warehouse.DuckDbWarehouse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The learned side of uplift locally: the view {@code uplift_outcomes} on DuckDB, the refresh that
 * {@link SweepControl} runs once per platform-clock day (and {@code POST /admin/learn} on demand),
 * and the model decide ranks with: the stored table read through a five-minute cache, falling back
 * to the {@link PriorUpliftModel} where the table has no data.
 */
@Configuration(proxyBeanMethods = false)
class LocalUpliftLearning {
  @Bean
  UpliftSource upliftSource(DuckDbWarehouse warehouse) {
    return new DuckDbUpliftSource(warehouse);
  }

  @Bean
  UpliftRefresh upliftRefresh(UpliftSource source, UpliftTableStore store, SimulatedClock clock) {
    return new UpliftRefresh(source, store, clock);
  }

  /**
   * The model decide ranks with: the learned table, the {@link PriorUpliftModel} where it has no
   * data.
   */
  @Bean
  @Primary
  UpliftModel upliftModel(UpliftTableStore store, SimulatedClock clock) {
    return new CachedUpliftModel(
        store,
        new PriorUpliftModel(),
        UpliftEstimator.DEFAULT,
        clock,
        CachedUpliftModel.DEFAULT_MAX_AGE);
  }
}
