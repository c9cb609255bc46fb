package dev.userwhisperer.core.port;

import java.util.Optional;

/**
 * Named credentials (API keys, auth tokens, signing keys): Secret Manager on Google Cloud, the
 * environment or a file locally. Values are never logged; only names are.
 */
public interface Secrets {
  Optional<String> find(String name);

  /**
   * @throws MissingSecret naming the secret when it is absent or blank
   */
  default String require(String name) {
    return find(name).filter(v -> !v.isBlank()).orElseThrow(() -> new MissingSecret(name));
  }

  /** A credential the configuration needs and nobody provided: stops the start, naming it. */
  final class MissingSecret extends IllegalStateException {
    public MissingSecret(String name) {
      super("secret " + name + " is required by the delivery configuration but is not set");
    }
  }
}
