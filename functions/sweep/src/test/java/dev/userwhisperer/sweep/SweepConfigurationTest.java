package dev.userwhisperer.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.ScheduledTask;
import dev.userwhisperer.core.message.ScheduledTask.TaskKind;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.EventBus;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.ScheduleStore;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.schedule.Sweeper.SweepReport;
import dev.userwhisperer.core.testing.InMemoryDecisionLog;
import dev.userwhisperer.core.testing.InMemoryEventBus;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryScheduleStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
          .withBean(ScheduleStore.class, InMemoryScheduleStore::new)
          .withBean(ProfileStore.class, InMemoryProfileStore::new)
          .withBean(DecisionLog.class, InMemoryDecisionLog::new)
          .withBean(Warehouse.class, InMemoryWarehouse::new)
          .withBean(EventBus.class, InMemoryEventBus::new);

  @Test
  void theCatalogServesSweepWhichRunsWhatIsDueByThePlatformClock() {
    runner.run(
        context -> {
          ScheduleStore schedule = context.getBean(ScheduleStore.class);
          schedule.schedule(
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
          assertThat(schedule.due(clock.instant(), 10)).isEmpty();
        });
  }
}
