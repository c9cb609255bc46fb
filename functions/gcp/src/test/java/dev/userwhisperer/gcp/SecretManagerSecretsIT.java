package dev.userwhisperer.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a stub of the Secret Manager REST API, which has no emulator. */
class SecretManagerSecretsIT {
  private static final String ACCESS_LATEST =
      "/v1/projects/whisperer-test/secrets/sendgrid-api-key/versions/latest:access";

  private final WireMockServer stub = new WireMockServer(options().dynamicPort());
  private SecretManagerSecrets secrets;

  @BeforeEach
  void start() {
    stub.start();
    secrets = SecretManagerSecrets.restStub("whisperer-test", stub.baseUrl());
  }

  @AfterEach
  void stop() {
    secrets.close();
    stub.stop();
  }

  @Test
  void latestVersionIsReadAndItsChecksumVerified() {
    stub.stubFor(
        get(urlPathEqualTo(ACCESS_LATEST))
            .willReturn(okJson(version("SG.secret-value", crc32c("SG.secret-value")))));

    assertThat(secrets.latest("sendgrid-api-key")).isEqualTo("SG.secret-value");
  }

  @Test
  void payloadThatDoesNotMatchItsChecksumIsRefused() {
    stub.stubFor(
        get(urlPathEqualTo(ACCESS_LATEST))
            .willReturn(okJson(version("SG.secret-value", crc32c("SG.other")))));

    assertThatThrownBy(() -> secrets.latest("sendgrid-api-key"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CRC32C");
  }

  @Test
  void aSecretIsFoundByItsEnvironmentStyleNameAndAnAbsentOneIsEmpty() {
    stub.stubFor(
        get(urlPathEqualTo(ACCESS_LATEST))
            .willReturn(okJson(version("SG.secret-value", crc32c("SG.secret-value")))));
    stub.stubFor(
        get(urlPathEqualTo(
                "/v1/projects/whisperer-test/secrets/twilio-auth-token/versions/latest:access"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"error":{"code":404,"message":"Secret [projects/123/secrets/twilio-auth-token] not found or has no versions.","status":"NOT_FOUND"}}""")));

    assertThat(secrets.find("SENDGRID_API_KEY")).contains("SG.secret-value");
    assertThat(secrets.find("TWILIO_AUTH_TOKEN")).isEmpty();
  }

  private static String version(String value, long crc32c) {
    return """
    {"name": "projects/123/secrets/sendgrid-api-key/versions/3",
     "payload": {"data": "%s", "dataCrc32c": "%d"}}
    """
        .formatted(
            Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)), crc32c);
  }

  private static long crc32c(String value) {
    CRC32C crc = new CRC32C();
    crc.update(value.getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }
}
