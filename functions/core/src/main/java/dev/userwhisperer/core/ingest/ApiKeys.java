package dev.userwhisperer.core.ingest;

import java.util.Base64;
import java.util.Random;

/**
 * Makes and hashes API keys. A key is {@code uw_} followed by 32 random bytes in URL-safe base64
 * without padding (43 characters); only its SHA-256 hex hash is ever stored.
 */
public final class ApiKeys {
  public static final String PREFIX = "uw_";
  static final int RANDOM_BYTES = 32;

  private ApiKeys() {}

  /**
   * @param random the source of the key's bytes: a {@link java.security.SecureRandom} in
   *     production, a seeded one in tests
   */
  public static String generate(Random random) {
    byte[] bytes = new byte[RANDOM_BYTES];
    random.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The lowercase hex SHA-256 of the key's UTF-8 bytes: what {@code ApiKeyStore} is keyed by. */
  public static String hash(String key) {
    return Sha256.hex(key);
  }
}
