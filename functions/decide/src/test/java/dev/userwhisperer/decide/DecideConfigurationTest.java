package dev.userwhisperer.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.decide.DecisionPolicy;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.testing.InMemoryAppConfigStore;
import dev.userwhisperer.core.testing.InMemoryArmStatistics;
import dev.userwhisperer.core.testing.InMemoryDecisionLog;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.Profiles;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

class DecideConfigurationTest {
  private static final Instant NOON = Instant.parse("2026-01-05T12:00:00Z");

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ContextFunctionCatalogAutoConfiguration.class))
          .withBean(ObjectMapper.class, Json::mapper)
          .withUserConfiguration(DecideConfiguration.class)
          .withBean(
              ProfileStore.class,
              () -> {
                InMemoryProfileStore profiles = new InMemoryProfileStore();
                profiles.put(Profiles.user("u1").email("ana@example.com").build());
                return profiles;
              })
          .withBean(DecisionLog.class, InMemoryDecisionLog::new)
          .withBean(Warehouse.class, InMemoryWarehouse::new)
          .withBean(ArmStatistics.class, InMemoryArmStatistics::new)
          .withBean(AppConfigStore.class, InMemoryAppConfigStore::new)
          // the platform's clock, a day on: decide must not read it
          .withBean(Clock.class, () -> new MutableClock(NOON.plus(Duration.ofDays(1))));

  @Test
  void theCatalogServesDecideWithThePolicyBeanOnTheSignalsTime() {
    runner
        .withBean(
            DecisionPolicy.class,
            () -> DecisionPolicy.DEFAULTS.withHoldoutPercent(0).withSendTimeOptimised(false))
        .run(
            context -> {
              Function<Signal, List<Decision>> decide =
                  context
                      .getBean(FunctionCatalog.class)
                      .lookup(Function.class, DecideConfiguration.FUNCTION);

              List<Decision> out =
                  decide.apply(
                      new Signal(
                          Signal.VERSION,
                          "s1",
                          "app1",
                          "u1",
                          SignalType.SIGNED_UP,
                          NOON,
                          Map.of()));

              assertThat(out)
                  .singleElement()
                  .satisfies(
                      d -> {
                        assertThat(d.outcome()).isEqualTo(Outcome.SEND);
                        assertThat(d.channel()).isEqualTo(Channel.EMAIL);
                        assertThat(d.decidedAt()).isEqualTo(NOON);
                      });
              assertThat(context.getBean(DecisionLog.class).recent("app1", "u1", 10)).hasSize(1);
            });
  }

  @Test
  void theHoldoutPropertySetsTheShareOfUsersHeldOut() {
    runner
        .withPropertyValues(DecideConfiguration.HOLDOUT_PERCENT + "=100")
        .run(context -> assertThat(welcomeU1(context).outcome()).isEqualTo(Outcome.HELD_OUT));
    runner
        .withPropertyValues(DecideConfiguration.HOLDOUT_PERCENT + "=0")
        .run(context -> assertThat(welcomeU1(context).outcome()).isEqualTo(Outcome.SEND));
  }

  @Test
  void theHoldoutComesFromTheEnvironmentVariableTerraformSets() {
    runner
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            "env", Map.of("WHISPERER_DECIDE_HOLDOUT_PERCENT", "100"))))
        .run(context -> assertThat(welcomeU1(context).outcome()).isEqualTo(Outcome.HELD_OUT));
  }

  @Test
  void withoutTheHoldoutPropertyTheDefaultShareHolds() {
    assertThat(DecideConfiguration.policyWithHoldout(" ")).isEqualTo(DecisionPolicy.DEFAULTS);
    assertThat(DecideConfiguration.policyWithHoldout(null).holdoutPercent()).isEqualTo(10);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "101", "7.5", "ten"})
  void aHoldoutOutsideZeroToAHundredStopsTheStartNamingTheSetting(String percent) {
    runner
        .withPropertyValues(DecideConfiguration.HOLDOUT_PERCENT + "=" + percent)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .hasStackTraceContaining(
                      "whisperer.decide.holdout-percent (environment"
                          + " WHISPERER_DECIDE_HOLDOUT_PERCENT) must be a whole number of percent")
                  .hasStackTraceContaining("\"" + percent + "\"");
            });
  }

  /** The decision on u1's signup, recorded whatever its outcome. */
  private static Decision welcomeU1(ApplicationContext context) {
    Function<Signal, List<Decision>> decide =
        context.getBean(FunctionCatalog.class).lookup(Function.class, DecideConfiguration.FUNCTION);
    Signal signup =
        new Signal(Signal.VERSION, "s1", "app1", "u1", SignalType.SIGNED_UP, NOON, Map.of());
    decide.apply(signup);
    return context.getBean(DecisionLog.class).find("app1", Ids.decisionOf(signup)).orElseThrow();
  }
}
