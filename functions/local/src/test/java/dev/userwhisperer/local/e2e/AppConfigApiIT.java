package dev.userwhisperer.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@code /v1/apps/{appId}/config} over real HTTP: what the OpenAPI document promises. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "whisperer.demo-api-key=" + AppConfigApiIT.KEY,
      "whisperer.admin-enabled=true",
      "whisperer.admin-token=" + ApiClient.ADMIN_TOKEN
    })
class AppConfigApiIT {
  static final String KEY = "uw_app_config_test_key";

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("whisperer.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;

  private ApiClient api() {
    return new ApiClient("http://localhost:" + port, KEY);
  }

  private ApiClient.Response put(String document) {
    return api()
        .send(
            api()
                .request("/v1/apps/demo/config")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(document)));
  }

  @Test
  void theDemoAppStartsWithTheBuiltInConfigurationAndAReplacementKeepsIt() {
    ApiClient.Response first = api().get("/v1/apps/demo/config?version=1");
    assertThat(first.status()).isEqualTo(200);
    OpenApiResponses.check("/v1/apps/{appId}/config", "get", 200, first.json());
    assertThat(first.json().at("/config/product/name").asString()).isEqualTo("Tempo");

    ApiClient.Response replaced =
        put(
            "{\"product\":{\"name\":\"Acme\"},\"languages\":{\"offered\":[\"en\",\"fr\"],"
                + "\"defaultLanguage\":\"fr\"}}");

    assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
    OpenApiResponses.check("/v1/apps/{appId}/config", "put", 200, replaced.json());
    long version = replaced.json().get("version").asLong();
    assertThat(version).isGreaterThan(1);
    ApiClient.Response latest = api().get("/v1/apps/demo/config");
    assertThat(latest.json().get("version").asLong()).isEqualTo(version);
    assertThat(latest.json().at("/config/languages/defaultLanguage").asString()).isEqualTo("fr");
    assertThat(
            api()
                .get("/v1/apps/demo/config?version=1")
                .json()
                .at("/config/product/name")
                .asString())
        .isEqualTo("Tempo");
    ApiClient.Response versions = api().get("/v1/apps/demo/config/versions");
    OpenApiResponses.check("/v1/apps/{appId}/config/versions", "get", 200, versions.json());
    assertThat(versions.json().get("versions").get(0).get("version").asLong()).isEqualTo(version);
  }

  @Test
  void anInvalidDocumentIsRefusedWithTheJsonPointerOfTheFirstViolation() {
    ApiClient.Response r =
        put(
            "{\"product\":{\"name\":\"Acme\"},\"allowedLinkDomains\":[\"acme.example.com\"],"
                + "\"features\":[{\"key\":\"k\",\"name\":\"K\",\"deepLink\":\"https://evil.example.org/k\"}]}");

    assertThat(r.status()).isEqualTo(400);
    OpenApiResponses.check("/v1/apps/{appId}/config", "put", 400, r.json());
    assertThat(r.json().at("/error/code").asString()).isEqualTo("invalid_app_config");
    assertThat(r.json().at("/error/field").asString()).isEqualTo("/features/0/deepLink");
    assertThat(r.json().at("/error/message").asString())
        .startsWith("/features/0/deepLink link_domain_not_allowed: ");
  }

  @Test
  void anotherAppsConfigurationIsForbiddenAndTheSchemaIsPublic() {
    ApiClient.Response r = api().get("/v1/apps/someone-else/config");

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().at("/error/code").asString()).isEqualTo("wrong_app");
    ApiClient.Response schema =
        new ApiClient("http://localhost:" + port, null).get("/v1/schema/app-config");
    assertThat(schema.status()).isEqualTo(200);
    assertThat(schema.json().at("/properties/product/required/0").asString()).isEqualTo("name");
  }

  @Test
  void aPreviewShowsWhatAUserWouldGetWithItsChecks() {
    api()
        .postEvents(
            "{\"messageId\":\"p-1\",\"type\":\"identify\",\"userId\":\"u-preview\","
                + "\"traits\":{\"email\":\"lea@example.com\",\"firstName\":\"Léa\",\"locale\":\"fr-FR\"}}");
    api().drain();
    ApiClient.Response r =
        api()
            .send(
                api()
                    .request("/v1/apps/demo/preview")
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"userId\":\"u-preview\",\"intervention\":\"winback\",\"channel\":\"email\"}")));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    OpenApiResponses.check("/v1/apps/{appId}/preview", "post", 200, r.json());
    assertThat(r.json().at("/message/locale").asString()).isEqualTo("fr");
    assertThat(r.json().at("/message/subject").asString()).isEqualTo("Vous nous manquez, Léa");
    assertThat(r.json().get("blocked").asBoolean()).isFalse();
  }
}
