package dev.userwhisperer.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.port.Secrets;
import dev.userwhisperer.local.LocalPlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A user routes e-mail to SendGrid but forgets its API key: the runner does not start, and says
 * which secret is missing, without echoing any secret it did find.
 */
class MissingProviderCredentialIT {

  @Test
  void aRoutedProviderWithoutItsCredentialStopsTheStartNamingTheSecret(@TempDir Path dir)
      throws Exception {
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    Files.writeString(secrets.resolve("TWILIO_AUTH_TOKEN"), "tw-s3cr3t");

    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(LocalPlatform.class)
                    .properties(
                        "server.port=0",
                        "whisperer.data-dir=" + dir.resolve("data"),
                        "whisperer.secrets-dir=" + secrets,
                        "whisperer.delivery.routes=*:email=sendgrid",
                        "whisperer.delivery.sendgrid.from=hello@example.com")
                    .run()
                    .close())
        .hasRootCauseInstanceOf(Secrets.MissingSecret.class)
        .rootCause()
        .hasMessageContaining("SENDGRID_API_KEY")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("tw-s3cr3t"));
  }
}
