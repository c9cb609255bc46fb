package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.BigQuery;
import dev.userwhisperer.core.decide.PersonalUplift;
import dev.userwhisperer.core.decide.UpliftModel;
import dev.userwhisperer.core.port.TreatmentEffectModels;
import dev.userwhisperer.core.port.UpliftTable;
import dev.userwhisperer.core.port.UpliftTableStore;
import dev.userwhisperer.core.testing.InMemoryUpliftTableStore;
import dev.userwhisperer.core.testing.Profiles;
import java.time.Clock;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/** The uplift beans of the functions: the learn function and decide's model over the prior. */
class GcpModelLearningTest {

  @Test
  void theLearnFunctionAndThePrimaryModelOverThePriorAreDefined() {
    try (var context = new AnnotationConfigApplicationContext()) {
      context.registerBean(BigQuery.class, () -> BigQueryClients.of("p", "http://127.0.0.1:9"));
      context.registerBean(UpliftTableStore.class, InMemoryUpliftTableStore::new);
      context.registerBean(Clock.class, Clock::systemUTC);
      context.register(GcpModelLearning.class);
      context.refresh();

      assertThat(context.getBean(GcpModelLearning.FUNCTION, Supplier.class)).isNotNull();
      UpliftModel model = context.getBean(UpliftModel.class);
      assertThat(model).isInstanceOf(PersonalUplift.class);
      assertThat(context.getBean(TreatmentEffectModels.class)).isSameAs(TreatmentEffectModels.NONE);
      assertThat(model.uplift("welcome", Profiles.user("u1").build())).isEqualTo(0.03);
      assertThat(context.getBean(UpliftTableStore.class).load()).isEqualTo(UpliftTable.EMPTY);
    }
  }
}
