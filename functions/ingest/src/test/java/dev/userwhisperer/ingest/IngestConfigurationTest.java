package dev.userwhisperer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.ingest.ApiKeys;
import dev.userwhisperer.core.ingest.IngestRequest;
import dev.userwhisperer.core.ingest.IngestResponse;
import dev.userwhisperer.core.ingest.IngestResult;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.ApiKeyStore;
import dev.userwhisperer.core.port.EventBus;
import dev.userwhisperer.core.port.IngestDedup;
import dev.userwhisperer.core.port.Quarantine;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.testing.InMemoryApiKeyStore;
import dev.userwhisperer.core.testing.InMemoryEventBus;
import dev.userwhisperer.core.testing.InMemoryIngestDedup;
import dev.userwhisperer.core.testing.InMemoryQuarantine;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.IngestFixture;
import dev.userwhisperer.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import tools.jackson.databind.json.JsonMapper;

class IngestConfigurationTest {
  private final InMemoryApiKeyStore keys = new InMemoryApiKeyStore();
  private final InMemoryEventBus bus = new InMemoryEventBus();
  private final String key = ApiKeys.generate(new Random(3));

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ContextFunctionCatalogAutoConfiguration.class))
          .withUserConfiguration(IngestConfiguration.class)
          .withBean(ApiKeyStore.class, () -> keys)
          .withBean(EventBus.class, () -> bus)
          .withBean(IngestDedup.class, InMemoryIngestDedup::new)
          .withBean(Quarantine.class, InMemoryQuarantine::new)
          .withBean(Warehouse.class, InMemoryWarehouse::new)
          .withBean(Clock.class, () -> new MutableClock(IngestFixture.NOW))
          // the runtimes provide Boot's JsonMapper; the catalog's message conversion looks it up
          .withBean("objectMapper", JsonMapper.class, Json::mapper);

  @Test
  void ingestFunctionIsInTheCatalogAndPublishesAcceptedEvents() {
    keys.save(
        new ApiKey(
            ApiKeys.hash(key), "app-1", Set.of(ApiKey.EVENTS_WRITE), IngestFixture.NOW, null));
    runner.run(
        context -> {
          Function<IngestRequest, IngestResponse> ingest =
              context.getBean(FunctionCatalog.class).lookup(Function.class, "ingest");
          assertThat(ingest).isNotNull();

          IngestResponse response =
              ingest.apply(
                  new IngestRequest(
                      "Bearer " + key,
                      "application/json",
                      IngestFixture.batch(
                              IngestFixture.event("m1", "u1"), IngestFixture.event("m2", "u2"))
                          .getBytes(StandardCharsets.UTF_8)));

          assertThat(response.status()).isEqualTo(202);
          assertThat(((IngestResult) response.body()).accepted()).isEqualTo(2);
          assertThat(bus.published(UserEventBatch.class)).hasSize(2);
        });
  }

  @Test
  void rateLimitIsConfigurable() {
    keys.save(
        new ApiKey(
            ApiKeys.hash(key), "app-1", Set.of(ApiKey.EVENTS_WRITE), IngestFixture.NOW, null));
    runner
        .withPropertyValues("whisperer.ingest.events-per-second=1", "whisperer.ingest.burst=1")
        .run(
            context -> {
              Function<IngestRequest, IngestResponse> ingest =
                  context.getBean(FunctionCatalog.class).lookup(Function.class, "ingest");
              String twoEvents =
                  IngestFixture.batch(
                      IngestFixture.event("m1", "u1"), IngestFixture.event("m2", "u1"));
              IngestResponse first =
                  ingest.apply(
                      new IngestRequest(
                          "Bearer " + key,
                          "application/json",
                          twoEvents.getBytes(StandardCharsets.UTF_8)));
              IngestResponse second =
                  ingest.apply(
                      new IngestRequest(
                          "Bearer " + key,
                          "application/json",
                          IngestFixture.event("m3", "u1").getBytes(StandardCharsets.UTF_8)));
              assertThat(first.status()).isEqualTo(202);
              assertThat(second.status()).isEqualTo(429);
              assertThat(second.headers()).containsKey("Retry-After");
            });
  }
}
