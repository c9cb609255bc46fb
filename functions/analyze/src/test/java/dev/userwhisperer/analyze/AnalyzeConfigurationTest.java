package dev.userwhisperer.analyze;

import static dev.userwhisperer.core.testing.TestEvents.batch;
import static dev.userwhisperer.core.testing.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.analyze.AnalyzePolicy;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.port.ChurnScorer;
import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.testing.InMemoryArmStatistics;
import dev.userwhisperer.core.testing.InMemoryConsentTrail;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import tools.jackson.databind.ObjectMapper;

class AnalyzeConfigurationTest {
  /** The time of {@code TestEvents}' events. */
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ContextFunctionCatalogAutoConfiguration.class))
          .withBean(ObjectMapper.class, Json::mapper)
          .withUserConfiguration(AnalyzeConfiguration.class)
          .withBean(ProfileStore.class, InMemoryProfileStore::new)
          .withBean(Warehouse.class, InMemoryWarehouse::new)
          .withBean(ArmStatistics.class, InMemoryArmStatistics::new)
          .withBean(ConsentTrail.class, InMemoryConsentTrail::new)
          .withBean(Clock.class, () -> new MutableClock(T.plus(Duration.ofHours(1))));

  @Test
  void theCatalogServesAnalyzeFromTheInjectedPortsAndClock() {
    runner.run(
        context -> {
          Function<UserEventBatch, List<Signal>> analyze =
              context
                  .getBean(FunctionCatalog.class)
                  .lookup(Function.class, AnalyzeConfiguration.FUNCTION);

          List<Signal> signals = analyze.apply(batch("b1", event(EventTypes.USER_SIGNUP).build()));

          assertThat(signals).extracting(Signal::type).containsExactly(SignalType.SIGNED_UP);
          assertThat(context.getBean(ProfileStore.class).find("app1", "u1")).isPresent();
        });
  }

  @Test
  void anAnalyzePolicyBeanReplacesTheDefaultSignalMaxAge() {
    runner
        .withBean(AnalyzePolicy.class, () -> new AnalyzePolicy(Duration.ofMinutes(30)))
        .run(
            context -> {
              Function<UserEventBatch, List<Signal>> analyze =
                  context
                      .getBean(FunctionCatalog.class)
                      .lookup(Function.class, AnalyzeConfiguration.FUNCTION);

              assertThat(analyze.apply(batch("b1", event(EventTypes.USER_SIGNUP).build())))
                  .isEmpty();
              assertThat(context.getBean(ProfileStore.class).find("app1", "u1")).isPresent();
            });
  }

  @Test
  void aChurnScorerBeanScoresEachBatchAndRaisesChurnRiskAboveThePolicysThreshold() {
    runner
        .withBean(
            ChurnScorer.class,
            () -> (app, features) -> Optional.of(new ChurnScorer.Score(0.6, "m1")))
        .withBean(AnalyzePolicy.class, () -> new AnalyzePolicy(Duration.ofHours(48), 0.5))
        .run(
            context -> {
              Function<UserEventBatch, List<Signal>> analyze =
                  context
                      .getBean(FunctionCatalog.class)
                      .lookup(Function.class, AnalyzeConfiguration.FUNCTION);

              assertThat(analyze.apply(batch("b1", event(EventTypes.PAGE_VIEWED).build())))
                  .extracting(Signal::type)
                  .containsExactly(SignalType.CHURN_RISK);
              assertThat(context.getBean(ProfileStore.class).find("app1", "u1"))
                  .hasValueSatisfying(p -> assertThat(p.churn().modelVersion()).isEqualTo("m1"));
            });
  }

  @Test
  void theChurnThresholdPropertyReplacesTheDefaultThreshold() {
    runner
        .withBean(
            ChurnScorer.class,
            () -> (app, features) -> Optional.of(new ChurnScorer.Score(0.6, "m1")))
        .withPropertyValues(AnalyzeConfiguration.CHURN_THRESHOLD + "=0.55")
        .run(
            context ->
                assertThat(analyzeOnePageView(context)).containsExactly(SignalType.CHURN_RISK));
  }

  @Test
  void theChurnThresholdComesFromTheEnvironmentVariableTerraformSets() {
    runner
        .withBean(
            ChurnScorer.class,
            () -> (app, features) -> Optional.of(new ChurnScorer.Score(0.6, "m1")))
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            "env", Map.of("WHISPERER_CHURN_THRESHOLD", "0.55"))))
        .run(
            context ->
                assertThat(analyzeOnePageView(context)).containsExactly(SignalType.CHURN_RISK));
  }

  @Test
  void withoutTheChurnThresholdPropertyTheDefaultThresholdHolds() {
    runner
        .withBean(
            ChurnScorer.class,
            () -> (app, features) -> Optional.of(new ChurnScorer.Score(0.6, "m1")))
        .withPropertyValues(AnalyzeConfiguration.CHURN_THRESHOLD + "= ")
        .run(context -> assertThat(analyzeOnePageView(context)).isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1", "1.5", "-0.2", "high", "NaN"})
  void aChurnThresholdOutsideZeroToOneStopsTheStartNamingTheSetting(String threshold) {
    runner
        .withPropertyValues(AnalyzeConfiguration.CHURN_THRESHOLD + "=" + threshold)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .hasStackTraceContaining(
                      "whisperer.churn.threshold (environment WHISPERER_CHURN_THRESHOLD) must be a"
                          + " probability strictly between 0 and 1")
                  .hasStackTraceContaining("\"" + threshold + "\"");
            });
  }

  private static List<SignalType> analyzeOnePageView(ApplicationContext context) {
    Function<UserEventBatch, List<Signal>> analyze =
        context
            .getBean(FunctionCatalog.class)
            .lookup(Function.class, AnalyzeConfiguration.FUNCTION);
    return analyze.apply(batch("b1", event(EventTypes.PAGE_VIEWED).build())).stream()
        .map(Signal::type)
        .toList();
  }
}
