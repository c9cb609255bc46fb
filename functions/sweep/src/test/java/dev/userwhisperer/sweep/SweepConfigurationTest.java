package dev.userwhisperer.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.ScheduledTask;
import dev.userwhisperer.core.message.ScheduledTask.TaskKind;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.EventBus;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.schedule.Sweeper;
import dev.userwhisperer.core.schedule.Sweeper.SweepReport;
import dev.userwhisperer.core.testing.InMemoryDecisionLog;
import dev.userwhisperer.core.testing.InMemoryEventBus;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import tools.jackson.databind.ObjectMapper;

class SweepConfigurationTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private final MutableClock clock = new MutableClock(T);

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ContextFunctionCatalogAutoConfiguration.class))
          .withBean(ObjectMapper.class, Json::mapper)
          .withUserConfiguration(SweepConfiguration.class)
          .withBean(Clock.class, () -> clock)
          .withBean(InMemoryProfileStore.class, InMemoryProfileStore::new)
          .withBean(DecisionLog.class, InMemoryDecisionLog::new)
          .withBean(Warehouse.class, InMemoryWarehouse::new)
          .withBean(EventBus.class, InMemoryEventBus::new);

  @Test
  void theCatalogServesSweepWhichRunsWhatIsDueByThePlatformClock() {
    runner.run(
        context -> {
          InMemoryProfileStore profiles = context.getBean(InMemoryProfileStore.class);
          profiles.schedule(
              new ScheduledTask(
                  "trial:app:u1",
                  "app",
                  "u1",
                  TaskKind.TRIAL_ENDING,
                  T.plus(Duration.ofHours(1)),
                  Map.of()));
          Supplier<SweepReport> sweep =
              context
                  .getBean(FunctionCatalog.class)
                  .lookup(Supplier.class, SweepConfiguration.FUNCTION);

          assertThat(sweep.get().tasks()).isZero();
          clock.advance(Duration.ofHours(2));
          assertThat(sweep.get().tasks()).isEqualTo(1);
          assertThat(profiles.scheduled()).isEmpty();
        });
  }

  @Test
  void theRunsBoundComesFromTheSettings() {
    runner
        .withPropertyValues(
            SweepConfiguration.PROFILES_PER_RUN + "=1",
            SweepConfiguration.PARALLELISM + "=2",
            SweepConfiguration.SHARDED + "=true")
        .run(
            context -> {
              InMemoryProfileStore profiles = context.getBean(InMemoryProfileStore.class);
              for (String user : List.of("u1", "u2")) {
                profiles.schedule(
                    new ScheduledTask(
                        "trial:app:" + user, "app", user, TaskKind.TRIAL_ENDING, T, Map.of()));
              }

              assertThat(context.getBean(Sweeper.class).run(T).tasks()).isEqualTo(1);
              assertThat(profiles.scheduled()).hasSize(1);
            });
  }
}
