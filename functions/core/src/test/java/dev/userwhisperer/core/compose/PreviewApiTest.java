package dev.userwhisperer.core.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.appconfig.AppConfigApi.Answer;
import dev.userwhisperer.core.compose.PreviewApi.Check;
import dev.userwhisperer.core.compose.PreviewApi.Preview;
import dev.userwhisperer.core.ingest.ApiError;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator;
import dev.userwhisperer.core.ingest.ApiKeys;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.testing.AppConfigs;
import dev.userwhisperer.core.testing.Composers;
import dev.userwhisperer.core.testing.InMemoryApiKeyStore;
import dev.userwhisperer.core.testing.InMemoryAppConfigStore;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.Profiles;
import dev.userwhisperer.core.testing.TestEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PreviewApiTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private static final String KEY = "Bearer uw_reviewer";
  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final InMemoryWarehouse warehouse = new InMemoryWarehouse();
  private final PreviewApi api;

  PreviewApiTest() {
    InMemoryAppConfigStore configs = new InMemoryAppConfigStore();
    configs.save(TestEvents.APP, AppConfigs.demo(), T);
    profiles.put(
        Profiles.user("u1").email("ana@example.com").firstName("Ana").locale("es-ES").build());
    InMemoryApiKeyStore keys = new InMemoryApiKeyStore();
    keys.save(
        new ApiKey(
            ApiKeys.hash("uw_reviewer"), TestEvents.APP, Set.of(ApiKey.CONFIG_READ), T, null));
    api =
        new PreviewApi(
            new ApiKeyAuthenticator(keys, new MutableClock(T)),
            Composers.templatesOnly(
                profiles, configs, warehouse, "https://uw.example.com", new MutableClock(T)));
  }

  private Answer preview(String json) {
    return api.preview(KEY, TestEvents.APP, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aPreviewShowsTheMessageAndEveryCheckAndRecordsNothing() {
    Answer answer =
        preview("{\"userId\":\"u1\",\"intervention\":\"winback\",\"channel\":\"email\"}");

    assertThat(answer.status()).isEqualTo(200);
    Preview p = (Preview) answer.body();
    assertThat(p.message().locale()).isEqualTo("es");
    assertThat(p.message().subject()).isEqualTo("Te echamos de menos, Ana");
    assertThat(p.blocked()).isFalse();
    assertThat(p.checks()).hasSize(10).allMatch(Check::passed);
    assertThat(warehouse.rows(Table.MESSAGES)).isEmpty();
  }

  @Test
  void aLanguageCanBeAskedFor() {
    Preview p =
        (Preview)
            preview(
                    "{\"userId\":\"u1\",\"intervention\":\"winback\",\"channel\":\"push\",\"language\":\"pt-BR\"}")
                .body();

    assertThat(p.message().locale()).isEqualTo("pt-BR");
    assertThat(p.message().title()).isEqualTo("Faz tempo!");
  }

  @Test
  void aBadRequestNamesTheFieldAndAnUnknownUserIs404() {
    assertThat(
            ((ApiError.Body) preview("{\"intervention\":\"winback\",\"channel\":\"email\"}").body())
                .error()
                .field())
        .isEqualTo("/userId");
    assertThat(
            ((ApiError.Body)
                    preview(
                            "{\"userId\":\"u1\",\"intervention\":\"birthday\",\"channel\":\"email\"}")
                        .body())
                .error()
                .field())
        .isEqualTo("/intervention");
    assertThat(
            ((ApiError.Body)
                    preview("{\"userId\":\"u1\",\"intervention\":\"winback\",\"channel\":\"fax\"}")
                        .body())
                .error()
                .field())
        .isEqualTo("/channel");
    assertThat(
            preview("{\"userId\":\"nobody\",\"intervention\":\"winback\",\"channel\":\"email\"}")
                .status())
        .isEqualTo(404);
    assertThat(api.preview("Bearer nope", TestEvents.APP, new byte[0]).status()).isEqualTo(401);
  }
}
