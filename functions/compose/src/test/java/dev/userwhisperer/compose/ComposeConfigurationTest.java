package dev.userwhisperer.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.LinkTokens;
import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.testing.Decisions;
import dev.userwhisperer.core.testing.InMemoryAppConfigStore;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.Profiles;
import dev.userwhisperer.core.testing.TestLinkTokens;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import tools.jackson.databind.ObjectMapper;

class ComposeConfigurationTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ContextFunctionCatalogAutoConfiguration.class))
          .withBean(ObjectMapper.class, Json::mapper)
          .withUserConfiguration(ComposeConfiguration.class)
          .withPropertyValues("whisperer.public-base-url=https://uw.example.com")
          .withBean(
              ProfileStore.class,
              () -> {
                InMemoryProfileStore profiles = new InMemoryProfileStore();
                profiles.put(Profiles.user("u1").email("ana@example.com").firstName("Ana").build());
                return profiles;
              })
          .withBean(Warehouse.class, InMemoryWarehouse::new)
          .withBean(AppConfigStore.class, InMemoryAppConfigStore::new)
          .withBean(LinkTokens.class, TestLinkTokens::tokens);

  @Test
  void theCatalogServesComposeWithTheConfiguredUnsubscribeBaseUrl() {
    runner.run(
        context -> {
          Function<Decision, List<OutboundMessage>> compose =
              context
                  .getBean(FunctionCatalog.class)
                  .lookup(Function.class, ComposeConfiguration.FUNCTION);

          List<OutboundMessage> out = compose.apply(Decisions.decision("d1").at(T).build());

          assertThat(out)
              .singleElement()
              .satisfies(
                  m -> {
                    assertThat(m.to()).isEqualTo("ana@example.com");
                    assertThat(m.body())
                        .contains(
                            "https://uw.example.com/v1/l/"
                                + TestLinkTokens.tokens().issue(m.outboundId())
                                + "/unsubscribe");
                  });
        });
  }

  @Test
  void anOpenAiCompatibleWriterIsWiredOnlyWhenAskedFor() {
    runner.run(context -> assertThat(context).doesNotHaveBean(OpenAiContentWriter.class));
    runner
        .withPropertyValues(
            "whisperer.compose.writer=openai",
            "whisperer.compose.openai.base-url=http://localhost:11434",
            "whisperer.compose.openai.model=llama3.1",
            "whisperer.compose.openai.timeout=2s")
        .run(context -> assertThat(context).hasSingleBean(OpenAiContentWriter.class));
  }
}
