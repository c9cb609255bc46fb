package dev.userwhisperer.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.local.churn.ChurnModelConfiguration;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The platform started without {@code whisperer.churn-model-dir} scores profiles with the model
 * bundled from {@code vertex-models/models}, read from the class path as the runner's jar has it.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "whisperer.admin-enabled=true",
      "whisperer.admin-token=" + ApiClient.ADMIN_TOKEN,
      "whisperer.clock-start=2026-03-02T10:00:00Z",
      "whisperer.demo-api-key=" + BundledChurnModelIT.KEY,
      "whisperer.churn-model-bundled=true"
    })
class BundledChurnModelIT {
  static final String KEY = "uw_bundled_model_test_key";

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("whisperer.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;

  @Test
  void aProfileIsScoredByTheBundledPlatformModel() {
    ApiClient api = new ApiClient("http://localhost:" + port, KEY);

    ApiClient.Response response =
        api.postEvents(
            """
            {"batch":[
              {"messageId":"b-1","type":"user_signup","userId":"grace","timestamp":"2026-03-02T09:58:00Z"},
              {"messageId":"b-2","type":"payment_succeeded","userId":"grace","timestamp":"2026-03-02T09:59:00Z",
               "properties":{"amount":25.0,"currency":"USD"}}
            ]}
            """);
    api.drain();

    assertThat(response.status()).isEqualTo(202);
    JsonNode churn = api.get("/v1/users/grace").json().get("profile").get("churn");
    String bundledVersion =
        ChurnModelConfiguration.BUNDLED_MODEL.replaceAll(".*/([0-9a-f]{12})/$", "$1");
    assertThat(churn.get("modelVersion").asText())
        .isEqualTo(bundledVersion)
        .isEqualTo("36c1a410a389");
    assertThat(churn.get("probability").asDouble()).isBetween(0.0, 1.0);
    assertThat(churn.get("scoredAt").asText()).isEqualTo("2026-03-02T09:59:00Z");
  }
}
