package dev.userwhisperer.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.decide.PredictedEffect;
import dev.userwhisperer.core.decide.UpliftModel;
import dev.userwhisperer.core.port.ArmOutcomes;
import dev.userwhisperer.core.port.UpliftCell;
import dev.userwhisperer.core.port.UpliftTable;
import dev.userwhisperer.core.port.UpliftTableStore;
import dev.userwhisperer.core.profile.LifecycleStage;
import dev.userwhisperer.core.testing.InMemoryUpliftTableStore;
import dev.userwhisperer.core.testing.Profiles;
import dev.userwhisperer.local.churn.ChurnModelConfiguration;
import dev.userwhisperer.local.time.SimulatedClock;
import dev.userwhisperer.local.warehouse.DuckDbWarehouse;
import dev.userwhisperer.models.effect.XgboostTreatmentEffectModels;
import dev.userwhisperer.telemetry.PipelineMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The uplift beans: decide's model is the primary {@link UpliftModel}, the learned table over the
 * {@link dev.userwhisperer.core.decide.PriorUpliftModel}.
 */
class LocalUpliftLearningTest {
  @TempDir Path dir;

  private ApplicationContextRunner runner() {
    InMemoryUpliftTableStore store = new InMemoryUpliftTableStore();
    store.save(
        new UpliftTable(
            Instant.EPOCH,
            List.of(
                new UpliftCell(
                    "a1",
                    "winback",
                    "DORMANT",
                    new ArmOutcomes(10_000, 3_000, 0),
                    new ArmOutcomes(1_000, 200, 0)))));
    return new ApplicationContextRunner()
        .withUserConfiguration(LocalUpliftLearning.class, ChurnModelConfiguration.class)
        .withBean(PipelineMetrics.class, () -> new PipelineMetrics(new SimpleMeterRegistry()))
        .withBean(
            DuckDbWarehouse.class,
            () -> new DuckDbWarehouse(dir.resolve("warehouse.duckdb")),
            d -> d.setDestroyMethodName("close"))
        .withPropertyValues("whisperer.models-dir=" + dir.resolve("models"))
        .withBean(UpliftTableStore.class, () -> store)
        .withBean(SimulatedClock.class, () -> new SimulatedClock(Clock.systemUTC()));
  }

  @Test
  void decideGetsTheLearnedModelFallingBackToThePrior() {
    runner()
        .run(
            context -> {
              UpliftModel model = context.getBean(UpliftModel.class);
              var dormant = Profiles.user("u1").app("a1").lifecycle(LifecycleStage.DORMANT);

              assertThat(model.uplift("winback", dormant.build())).isBetween(0.09, 0.10);
              assertThat(model.uplift("churn_save", dormant.build())).isEqualTo(0.04);
              assertThat(model.predict("winback", dormant.build(), Instant.EPOCH).source())
                  .isEqualTo(PredictedEffect.Source.TABLE);
              assertThat(context.getBean(XgboostTreatmentEffectModels.class).liveVersions())
                  .isEmpty();
            });
  }
}
