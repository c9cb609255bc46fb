package dev.userwhisperer.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.Secrets.MissingSecret;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.OutboundMessages;
import dev.userwhisperer.core.testing.RecordingChannelSender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderSendersTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T12:00:00Z"));
  private final RecordingChannelSender outbox = new RecordingChannelSender(clock);

  @Test
  void withoutRoutesEveryMessageGoesToTheFallbackAndNoCredentialIsAsked() {
    var sender =
        ProviderSenders.build(
            Settings.of("", null, null, null, null),
            new EnvironmentSecrets(Map.of(), null),
            new ProviderSenders.Collaborators(
                outbox, "http://localhost:8080", m -> {}, m -> {}, null),
            clock);
    OutboundMessage message = OutboundMessages.sms("m-1", "+15558675310");

    sender.send(message);

    assertThat(outbox.sent()).containsExactly(message);
  }

  @Test
  void aRoutedProviderWithoutItsCredentialStopsTheStartNamingTheSecretOnly() {
    assertThatThrownBy(
            () ->
                ProviderSenders.build(
                    Settings.twilio("", "MG0123"),
                    new EnvironmentSecrets(Map.of("UNRELATED", "s3cr3t"), null),
                    new ProviderSenders.Collaborators(
                        outbox, "http://localhost:8080", m -> {}, m -> {}, null),
                    clock))
        .isInstanceOf(MissingSecret.class)
        .hasMessageContaining("TWILIO_AUTH_TOKEN")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void aMissingSettingOfARoutedProviderStopsTheStartNamingTheProperty() {
    assertThatThrownBy(
            () ->
                ProviderSenders.build(
                    Settings.of(
                        "*:email=sendgrid",
                        new DeliverySettings.SendGrid(null, "SENDGRID_API_KEY", "https://x"),
                        null,
                        null,
                        null),
                    new EnvironmentSecrets(Map.of("SENDGRID_API_KEY", "SG.x"), null),
                    new ProviderSenders.Collaborators(
                        outbox, "http://localhost:8080", m -> {}, m -> {}, null),
                    clock))
        .hasMessageContaining("whisperer.delivery.sendgrid.from");
  }

  @Test
  void secretsComeFromTheEnvironmentFirstThenFromAFileOfThatName(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("SENDGRID_API_KEY"), "SG.from-file\n");
    Files.writeString(dir.resolve("TWILIO_AUTH_TOKEN"), "from-file");
    EnvironmentSecrets secrets =
        new EnvironmentSecrets(Map.of("TWILIO_AUTH_TOKEN", "from-env"), dir);

    assertThat(secrets.find("SENDGRID_API_KEY")).contains("SG.from-file");
    assertThat(secrets.find("TWILIO_AUTH_TOKEN")).contains("from-env");
    assertThat(secrets.find("../etc/passwd")).isEmpty();
    assertThat(secrets.find("FCM_SERVICE_ACCOUNT")).isEmpty();
  }
}
