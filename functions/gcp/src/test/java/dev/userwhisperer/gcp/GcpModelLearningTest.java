package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.BigQuery;
import dev.userwhisperer.core.decide.PersonalUplift;
import dev.userwhisperer.core.decide.UpliftModel;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator;
import dev.userwhisperer.core.ingest.ApiKeys;
import dev.userwhisperer.core.ingest.IngestResponse;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.ChurnScorer;
import dev.userwhisperer.core.port.TreatmentEffectModels;
import dev.userwhisperer.core.port.UpliftTable;
import dev.userwhisperer.core.port.UpliftTableStore;
import dev.userwhisperer.core.testing.InMemoryApiKeyStore;
import dev.userwhisperer.core.testing.InMemoryUpliftTableStore;
import dev.userwhisperer.core.testing.Profiles;
import dev.userwhisperer.models.effect.ModelDirectory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * The model beans of the functions without a model directory: the learn function (the uplift table
 * only), decide's model over the prior, no churn scorer, and an empty {@code GET /v1/models}.
 */
class GcpModelLearningTest {
  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  @Test
  void theLearnFunctionAndThePrimaryModelOverThePriorAreDefined() {
    try (var context = context(new InMemoryApiKeyStore())) {

      assertThat(context.getBean(GcpModelLearning.FUNCTION, Supplier.class)).isNotNull();
      UpliftModel model = context.getBean(UpliftModel.class);
      assertThat(model).isInstanceOf(PersonalUplift.class);
      assertThat(context.getBean(TreatmentEffectModels.class)).isSameAs(TreatmentEffectModels.NONE);
      assertThat(model.uplift("welcome", Profiles.user("u1").build())).isEqualTo(0.03);
      assertThat(context.getBean(UpliftTableStore.class).load()).isEqualTo(UpliftTable.EMPTY);
      assertThat(context.getBeanNamesForType(ChurnScorer.class)).isEmpty();
      assertThat(context.getBeanNamesForType(ModelDirectory.class)).isEmpty();
    }
  }

  @Test
  void withoutAModelDirectoryTheModelsListIsEmptyAndAKeyWithoutTheScopeIsRefused() {
    try (var context = new AnnotationConfigApplicationContext()) {
      InMemoryApiKeyStore keys = new InMemoryApiKeyStore();
      Instant now = Instant.parse("2026-12-01T00:00:00Z");
      keys.save(
          new ApiKey(ApiKeys.hash("uw_reader"), "a1", Set.of(ApiKey.PROFILES_READ), now, null));
      keys.save(
          new ApiKey(ApiKeys.hash("uw_writer"), "a1", Set.of(ApiKey.EVENTS_WRITE), now, null));
      context.registerBean(BigQuery.class, () -> BigQueryClients.of("p", "http://127.0.0.1:9"));
      context.registerBean(UpliftTableStore.class, InMemoryUpliftTableStore::new);
      context.registerBean(Clock.class, () -> Clock.fixed(now, ZoneOffset.UTC));
      context.registerBean(
          ApiKeyAuthenticator.class,
          () -> new ApiKeyAuthenticator(keys, Clock.fixed(now, ZoneOffset.UTC)));
      context.register(GcpModelLearning.class);
      context.refresh();
      GcpModelsApi models = context.getBean(GcpModelsApi.class);

      IngestResponse listed = models.list("Bearer uw_reader");
      IngestResponse refused = models.list("Bearer uw_writer");

      assertThat(listed.status()).isEqualTo(200);
      assertThat(Json.tree(Json.encode(listed.body())).path("models").size()).isZero();
      assertThat(refused.status()).isEqualTo(403);
      assertThat(models.list(null).status()).isEqualTo(401);
    }
  }

  private static AnnotationConfigApplicationContext context(InMemoryApiKeyStore keys) {
    var context = new AnnotationConfigApplicationContext();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    context.registerBean(BigQuery.class, () -> BigQueryClients.of("p", "http://127.0.0.1:9"));
    context.registerBean(UpliftTableStore.class, InMemoryUpliftTableStore::new);
    context.registerBean(Clock.class, () -> clock);
    context.registerBean(ApiKeyAuthenticator.class, () -> new ApiKeyAuthenticator(keys, clock));
    context.register(GcpModelLearning.class);
    context.refresh();
    return context;
  }
}
