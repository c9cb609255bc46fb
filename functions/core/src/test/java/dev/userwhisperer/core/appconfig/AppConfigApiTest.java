package dev.userwhisperer.core.appconfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.appconfig.AppConfigApi.Answer;
import dev.userwhisperer.core.appconfig.AppConfigApi.History;
import dev.userwhisperer.core.ingest.ApiError;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator;
import dev.userwhisperer.core.ingest.ApiKeys;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.testing.AppConfigs;
import dev.userwhisperer.core.testing.InMemoryApiKeyStore;
import dev.userwhisperer.core.testing.InMemoryAppConfigStore;
import dev.userwhisperer.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AppConfigApiTest {
  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
  private static final String ADMIN = "Bearer uw_admin";
  private static final String CLIENT = "Bearer uw_client";

  private final InMemoryAppConfigStore store = new InMemoryAppConfigStore();
  private final MutableClock clock = new MutableClock(T);
  private final AppConfigApi api;

  AppConfigApiTest() {
    InMemoryApiKeyStore keys = new InMemoryApiKeyStore();
    keys.save(
        new ApiKey(
            ApiKeys.hash("uw_admin"),
            "a1",
            Set.of(ApiKey.CONFIG_READ, ApiKey.CONFIG_WRITE),
            T,
            null));
    keys.save(new ApiKey(ApiKeys.hash("uw_client"), "a1", Set.of(ApiKey.EVENTS_WRITE), T, null));
    api =
        new AppConfigApi(
            new ApiKeyAuthenticator(keys, clock), store, AppConfigs.validator(), clock);
  }

  private static byte[] document(String productName) {
    return ("{\"product\":{\"name\":\"" + productName + "\"}}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aPutStoresTheNextVersionAndAGetReadsTheNewestOrAnOlderOne() {
    Answer first = api.put(ADMIN, "a1", document("Acme"));
    clock.advance(java.time.Duration.ofHours(1));
    Answer second = api.put(ADMIN, "a1", document("Acme 2"));

    assertThat(first.status()).isEqualTo(200);
    assertThat(((AppConfigRevision) second.body()).version()).isEqualTo(2);
    assertThat(((AppConfigRevision) second.body()).savedAt()).isEqualTo(T.plusSeconds(3600));
    AppConfigRevision latest = (AppConfigRevision) api.get(ADMIN, "a1", null).body();
    assertThat(latest.config().product().name()).isEqualTo("Acme 2");
    AppConfigRevision v1 = (AppConfigRevision) api.get(ADMIN, "a1", 1L).body();
    assertThat(v1.config().product().name()).isEqualTo("Acme");
    assertThat(((History) api.history(ADMIN, "a1", 10).body()).versions())
        .extracting(AppConfigRevision::version)
        .containsExactly(2L, 1L);
  }

  @Test
  void anInvalidDocumentIsRefusedWithTheFirstViolationsPointerAndStoresNothing() {
    Answer answer =
        api.put(
            ADMIN,
            "a1",
            "{\"product\":{\"name\":\"\"},\"colour\":1}".getBytes(StandardCharsets.UTF_8));

    assertThat(answer.status()).isEqualTo(400);
    ApiError error = ((ApiError.Body) answer.body()).error();
    assertThat(error.code()).isEqualTo("invalid_app_config");
    assertThat(error.field()).isIn("/product/name", "/colour");
    assertThat(error.message()).contains("/product/name invalid_length", "/colour unknown_field");
    assertThat(store.latest("a1")).isEmpty();
  }

  @Test
  void anAppWithoutConfigurationAnswers404() {
    Answer answer = api.get(ADMIN, "a1", null);

    assertThat(answer.status()).isEqualTo(404);
    assertThat(((ApiError.Body) answer.body()).error().code()).isEqualTo("no_app_config");
    assertThat(api.get(ADMIN, "a1", 7L).status()).isEqualTo(404);
  }

  @Test
  void aKeyWithoutTheConfigScopesOrOfAnotherAppIsRefused() {
    Answer clientPut = api.put(CLIENT, "a1", document("Acme"));
    Answer clientGet = api.get(CLIENT, "a1", null);
    Answer otherApp = api.put(ADMIN, "a2", document("Acme"));
    Answer noKey = api.get(null, "a1", null);

    assertThat(clientPut.status()).isEqualTo(403);
    assertThat(((ApiError.Body) clientPut.body()).error().code()).isEqualTo("insufficient_scope");
    assertThat(clientGet.status()).isEqualTo(403);
    assertThat(otherApp.status()).isEqualTo(403);
    assertThat(((ApiError.Body) otherApp.body()).error().code()).isEqualTo("wrong_app");
    assertThat(noKey.status()).isEqualTo(401);
    assertThat(store.latest("a1")).isEmpty();
    assertThat(store.latest("a2")).isEmpty();
  }

  @Test
  void aHistoryLimitOutOfRangeIsRefused() {
    Answer answer = api.history(ADMIN, "a1", 0);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(((ApiError.Body) answer.body()).error().field()).isEqualTo("limit");
  }
}
