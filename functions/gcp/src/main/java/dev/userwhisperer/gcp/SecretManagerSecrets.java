package dev.userwhisperer.gcp;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.secretmanager.v1.AccessSecretVersionResponse;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretManagerServiceSettings;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.cloud.secretmanager.v1.SecretVersionName;
import dev.userwhisperer.core.port.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Provider secrets (SendGrid API key, Twilio auth token, …) from Secret Manager, read when a
 * function starts, not per message. A secret named like an environment variable ({@code
 * SENDGRID_API_KEY}) is the Secret Manager secret of the matching id ({@code sendgrid-api-key}), as
 * Terraform's catalog declares them. Where Terraform mounts a secret as an environment variable of
 * the function, that is read first (see {@code GcpPlatform}): it needs no client start-up.
 */
public final class SecretManagerSecrets implements Secrets, AutoCloseable {
  private final String projectId;
  private final SecretManagerServiceClient client;

  private SecretManagerSecrets(String projectId, SecretManagerServiceClient client) {
    this.projectId = projectId;
    this.client = client;
  }

  /** Secret Manager of {@code projectId}, with Application Default Credentials. */
  public static SecretManagerSecrets googleCloud(String projectId) {
    try {
      return new SecretManagerSecrets(projectId, SecretManagerServiceClient.create());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Secret Manager client", e);
    }
  }

  /**
   * A stub of the Secret Manager REST API at {@code endpoint}, e.g. {@code http://127.0.0.1:9090}.
   */
  static SecretManagerSecrets restStub(String projectId, String endpoint) {
    try {
      SecretManagerServiceSettings settings =
          SecretManagerServiceSettings.newHttpJsonBuilder()
              .setEndpoint(endpoint)
              .setCredentialsProvider(NoCredentialsProvider.create())
              .build();
      return new SecretManagerSecrets(projectId, SecretManagerServiceClient.create(settings));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Secret Manager client", e);
    }
  }

  /** The latest version of the secret whose id is {@code name} in lower case with dashes. */
  @Override
  public Optional<String> find(String name) {
    try {
      return Optional.of(latest(secretId(name)));
    } catch (NotFoundException absent) {
      return Optional.empty();
    }
  }

  static String secretId(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The latest version of the secret, as UTF-8 text.
   *
   * @throws IllegalStateException when the payload does not match its checksum
   */
  public String latest(String secretId) {
    AccessSecretVersionResponse response =
        client.accessSecretVersion(SecretVersionName.of(projectId, secretId, "latest"));
    SecretPayload payload = response.getPayload();
    if (payload.hasDataCrc32C()) {
      CRC32C crc = new CRC32C();
      crc.update(payload.getData().asReadOnlyByteBuffer());
      if (crc.getValue() != payload.getDataCrc32C()) {
        throw new IllegalStateException(
            "secret " + response.getName() + " arrived corrupted (CRC32C mismatch)");
      }
    }
    return payload.getData().toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    client.close();
  }
}
