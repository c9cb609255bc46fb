package dev.userwhisperer.gcp;

import com.google.cloud.bigquery.BigQuery;
import dev.userwhisperer.core.decide.CachedUpliftModel;
import dev.userwhisperer.core.decide.PriorUpliftModel;
import dev.userwhisperer.core.decide.UpliftModel;
import dev.userwhisperer.core.learn.UpliftEstimator;
import dev.userwhisperer.core.learn.UpliftRefresh;
import dev.userwhisperer.core.port.UpliftSource;
import dev.userwhisperer.core.port.UpliftTable;
import dev.userwhisperer.core.port.UpliftTableStore;
import java.time.Clock;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The learned side of uplift on Google Cloud: the function {@value #FUNCTION}, which Cloud
 * Scheduler calls daily to recompute the uplift table from the BigQuery view {@code
 * uplift_outcomes} into Firestore, and the model decide ranks with: that table read through a
 * five-minute cache, falling back to the {@link PriorUpliftModel} where the table has no data.
 */
@Configuration(proxyBeanMethods = false)
class GcpUpliftLearning {
  static final String FUNCTION = "learn";

  @Bean
  UpliftSource upliftSource(
      BigQuery bigQuery, @Value("${WAREHOUSE_DATASET:whisperer}") String dataset) {
    return GcpAdapters.upliftSource(bigQuery, dataset);
  }

  @Bean(FUNCTION)
  Supplier<UpliftTable> learn(UpliftSource source, UpliftTableStore store, Clock clock) {
    return new UpliftRefresh(source, store, clock)::refresh;
  }

  /**
   * The model decide ranks with: the learned table, the {@link PriorUpliftModel} where it has no
   * data.
   */
  @Bean
  @Primary
  UpliftModel upliftModel(UpliftTableStore store, Clock clock) {
    return new CachedUpliftModel(
        store,
        new PriorUpliftModel(),
        UpliftEstimator.DEFAULT,
        clock,
        CachedUpliftModel.DEFAULT_MAX_AGE);
  }
}
