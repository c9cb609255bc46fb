package dev.userwhisperer.analyze;

import dev.userwhisperer.core.analyze.AnalyzePolicy;
import dev.userwhisperer.core.analyze.Analyzer;
import dev.userwhisperer.core.analyze.LifecycleRules;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.port.ChurnScorer;
import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.port.ErasureTombstones;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.privacy.ConsentRecorder;
import dev.userwhisperer.core.privacy.ErasureBarrier;
import dev.userwhisperer.core.privacy.Suppressions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The analyze stage as the function {@value #FUNCTION}: events topic in, signals out. The ports
 * come from the adapters' configuration (Google Cloud or local); a {@link LifecycleThresholds} or
 * {@link AnalyzePolicy} bean replaces the defaults, a {@link Clock} bean the system clock. With a
 * {@link ChurnScorer} bean each batch's profile is scored for churn; without one nothing is.
 *
 * <p>Without an {@link AnalyzePolicy} bean, the property {@value #CHURN_THRESHOLD} (environment
 * variable {@code WHISPERER_CHURN_THRESHOLD}, which Terraform sets on the analyze function) sets
 * the churn threshold, {@value AnalyzePolicy#DEFAULT_CHURN_THRESHOLD} when absent or blank; a value
 * that is not a number strictly between 0 and 1 stops the stage from starting.
 *
 * <p>Before analyze, each batch passes the {@link ErasureBarrier} (the events of an erased user
 * that ingest accepted before the erasure are dropped, with an {@link ErasureTombstones} bean;
 * without one, none is) and the {@link Suppressions} (an address kept on the suppression list after
 * an erasure is suppressed again), and its consent statements are appended to the {@link
 * ConsentTrail} ({@link ConsentRecorder}).
 */
@Configuration(proxyBeanMethods = false)
public class AnalyzeConfiguration {
  public static final String FUNCTION = "analyze";
  public static final String CHURN_THRESHOLD = "whisperer.churn.threshold";

  @Bean(FUNCTION)
  public Function<UserEventBatch, List<Signal>> analyze(
      ProfileStore profiles,
      Warehouse warehouse,
      ArmStatistics arms,
      ObjectProvider<LifecycleThresholds> thresholds,
      ObjectProvider<AnalyzePolicy> policy,
      @Value("${" + CHURN_THRESHOLD + ":}") String churnThreshold,
      ObjectProvider<ChurnScorer> scorer,
      ObjectProvider<Clock> clock,
      ConsentTrail consentTrail,
      ObjectProvider<ErasureTombstones> tombstones) {
    LifecycleRules rules =
        new LifecycleRules(thresholds.getIfAvailable(() -> LifecycleThresholds.DEFAULTS));
    Analyzer analyzer =
        new Analyzer(
            profiles,
            warehouse,
            arms,
            rules,
            policy.getIfAvailable(() -> policyWithThreshold(churnThreshold)),
            Optional.ofNullable(scorer.getIfAvailable()),
            clock.getIfAvailable(Clock::systemUTC));
    Suppressions suppressions = new Suppressions(consentTrail);
    ConsentRecorder consent = new ConsentRecorder(consentTrail);
    ErasureBarrier barrier =
        new ErasureBarrier(tombstones.getIfAvailable(() -> ErasureTombstones.NONE));
    return batch -> {
      Optional<UserEventBatch> live = barrier.apply(batch);
      if (live.isEmpty()) {
        return List.of();
      }
      UserEventBatch honoured = suppressions.apply(live.get());
      consent.record(honoured);
      return analyzer.apply(honoured);
    };
  }

  /**
   * The default policy with the configured churn threshold.
   *
   * @throws IllegalStateException naming the property when the value is not within (0, 1)
   */
  static AnalyzePolicy policyWithThreshold(String threshold) {
    if (threshold == null || threshold.isBlank()) {
      return AnalyzePolicy.DEFAULTS;
    }
    try {
      return new AnalyzePolicy(
          AnalyzePolicy.DEFAULTS.signalMaxAge(), Double.parseDouble(threshold.strip()));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          CHURN_THRESHOLD
              + " (environment WHISPERER_CHURN_THRESHOLD) must be a probability strictly between"
              + " 0 and 1, e.g. 0.7; it is \""
              + threshold
              + "\"",
          e);
    }
  }
}
