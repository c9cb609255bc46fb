package dev.userwhisperer.local;

import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.decide.CachedUpliftModel;
import dev.userwhisperer.core.decide.PersonalUplift;
import dev.userwhisperer.core.decide.PriorUpliftModel;
import dev.userwhisperer.core.decide.UpliftModel;
import dev.userwhisperer.core.learn.UpliftEstimator;
import dev.userwhisperer.core.learn.UpliftRefresh;
import dev.userwhisperer.core.port.UpliftSource;
import dev.userwhisperer.core.port.UpliftTableStore;
import dev.userwhisperer.core.port.UpliftTrainingSource;
import dev.userwhisperer.local.time.SimulatedClock;
import dev.userwhisperer.local.warehouse.DuckDbUpliftSource;
import dev.userwhisperer.local.warehouse.DuckDbUpliftTrainingSource;
import dev.userwhisperer.local.warehouse.DuckDbWarehouse;
import dev.userwhisperer.local.warehouse.DuckDbWarehouseEventSource;
import dev.userwhisperer.models.TrainingConfig;
import dev.userwhisperer.models.churn.ChurnModelTraining;
import dev.userwhisperer.models.churn.ChurnPromotion;
import dev.userwhisperer.models.churn.LearnedChurnScorers;
import dev.userwhisperer.models.effect.DailyLearning;
import dev.userwhisperer.models.effect.FileModelDirectory;
import dev.userwhisperer.models.effect.ModelDirectory;
import dev.userwhisperer.models.effect.PeriodicRefresh;
import dev.userwhisperer.models.effect.RetrainRule;
import dev.userwhisperer.models.effect.UpliftModelTraining;
import dev.userwhisperer.models.effect.UpliftPromotion;
import dev.userwhisperer.models.effect.XgboostTreatmentEffectModels;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The learned side of uplift locally: the views {@code uplift_outcomes} and {@code
 * uplift_training_rows} on DuckDB, the daily learning (table and per-user models) that {@link
 * SweepControl} runs once per platform-clock day (and {@code POST /admin/learn} on demand), and the
 * model decide ranks with: an app's promoted per-user model of the intervention, from the model
 * directory {@value #MODELS_DIR} (default {@code <data-dir>/models}), and where there is none the
 * stored table read through a five-minute cache, falling back to the {@link PriorUpliftModel} where
 * the table has no data.
 *
 * <p>The models are loaded at start and reloaded every {@value #MODELS_REFRESH} (default one
 * minute) of wall-clock time on a thread of their own, never on a decision's; with {@code
 * whisperer.reproducible} there is no timer (a simulation must not depend on wall-clock time), and
 * a model goes live at the next start.
 */
@Configuration(proxyBeanMethods = false)
class LocalUpliftLearning {
  static final String MODELS_DIR = "whisperer.models-dir";
  static final String MODELS_REFRESH = "whisperer.models-refresh";

  @Bean
  UpliftSource upliftSource(DuckDbWarehouse warehouse) {
    return new DuckDbUpliftSource(warehouse);
  }

  @Bean
  UpliftRefresh upliftRefresh(UpliftSource source, UpliftTableStore store, SimulatedClock clock) {
    return new UpliftRefresh(source, store, clock);
  }

  @Bean
  UpliftTrainingSource upliftTrainingSource(DuckDbWarehouse warehouse) {
    return new DuckDbUpliftTrainingSource(warehouse);
  }

  /**
   * The daily learning: the table, then the per-user models, judged on the platform clock's last 14
   * closed days, then each app's churn model; a promoted model is loaded at once, so decide and
   * analyze use it from the next decision or scored batch on (also with {@code
   * whisperer.reproducible}, where no timer reloads models).
   */
  @Bean
  DailyLearning dailyLearning(
      UpliftRefresh table,
      UpliftTrainingSource rows,
      DuckDbWarehouse warehouse,
      ModelDirectory directory,
      XgboostTreatmentEffectModels models,
      LearnedChurnScorers churn,
      SimulatedClock clock) {
    DuckDbWarehouseEventSource eventsAndDecisions = new DuckDbWarehouseEventSource(warehouse);
    return new DailyLearning(
        table,
        new UpliftModelTraining(
            rows, directory, new UpliftPromotion(directory, clock), clock, RetrainRule.DEFAULT),
        promoted -> models.refresh(),
        Optional.of(
            new ChurnModelTraining(
                eventsAndDecisions,
                eventsAndDecisions,
                directory,
                new ChurnPromotion(directory, clock),
                TrainingConfig.DEFAULT,
                clock,
                RetrainRule.DEFAULT)),
        promoted -> churn.refresh());
  }

  /**
   * The model decide ranks with: the learned table, the {@link PriorUpliftModel} where it has no
   * data.
   */
  @Bean
  ModelDirectory modelDirectory(
      @Value("${" + MODELS_DIR + ":${whisperer.data-dir:data}/models}") Path directory) {
    return new FileModelDirectory(directory);
  }

  @Bean
  XgboostTreatmentEffectModels treatmentEffectModels(ModelDirectory directory) {
    XgboostTreatmentEffectModels models = new XgboostTreatmentEffectModels(directory);
    models.refresh();
    return models;
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(
      prefix = "whisperer",
      name = "reproducible",
      havingValue = "false",
      matchIfMissing = true)
  PeriodicRefresh modelRefresh(
      XgboostTreatmentEffectModels models,
      LearnedChurnScorers churn,
      @Value("${" + MODELS_REFRESH + ":1m}") String period) {
    return new PeriodicRefresh(
        () -> {
          models.refresh();
          churn.refresh();
        },
        DurationStyle.detectAndParse(period));
  }

  @Bean
  @Primary
  UpliftModel upliftModel(
      UpliftTableStore store, SimulatedClock clock, XgboostTreatmentEffectModels models) {
    return new PersonalUplift(
        new CachedUpliftModel(
            store,
            new PriorUpliftModel(),
            UpliftEstimator.DEFAULT,
            clock,
            CachedUpliftModel.DEFAULT_MAX_AGE),
        models,
        LifecycleThresholds.DEFAULTS);
  }
}
