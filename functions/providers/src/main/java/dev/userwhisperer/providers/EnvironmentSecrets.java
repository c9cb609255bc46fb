package dev.userwhisperer.providers;

import dev.userwhisperer.core.port.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Secrets for a process outside Google Cloud (and for Cloud Functions, where Terraform mounts each
 * Secret Manager secret as an environment variable): the environment variable of that name, else
 * the file of that name in {@code dir} (a mounted secrets volume, a Docker secret), trimmed.
 */
public final class EnvironmentSecrets implements Secrets {
  private final Map<String, String> environment;
  private final Path dir;

  /**
   * @param dir may be null: the environment only
   */
  public EnvironmentSecrets(Map<String, String> environment, Path dir) {
    this.environment = Map.copyOf(environment);
    this.dir = dir;
  }

  public static EnvironmentSecrets system(Path dir) {
    return new EnvironmentSecrets(System.getenv(), dir);
  }

  @Override
  public Optional<String> find(String name) {
    String value = environment.get(name);
    if (value != null && !value.isBlank()) {
      return Optional.of(value);
    }
    if (dir == null || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
      return Optional.empty();
    }
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the secret file of " + name, e);
    }
  }
}
