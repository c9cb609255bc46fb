package dev.userwhisperer.core.ingest;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

/**
 * Makes and hashes API keys. A key issued by the admin API is {@code uw_<kind>_<keyId>_<secret>}:
 * {@code wk} (write), {@code sk} (secret) or {@code rk} (restricted), the public key id (12 hex
 * digits, what listings show), and 32 random bytes in URL-safe base64 without padding (43
 * characters). Keys made before (the demo key) are {@code uw_} and the 43 characters. Only the
 * SHA-256 hex hash of the whole key is ever stored.
 */
public final class ApiKeys {
  public static final String PREFIX = "uw_";
  static final int RANDOM_BYTES = 32;
  static final int KEY_ID_BYTES = 6;
  private static final Map<String, String> KIND_PREFIX =
      Map.of("write", "wk", "secret", "sk", "restricted", "rk");

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

  /** A key in clear, as shown once, and its public id. */
  public record Issued(String key, String keyId) {
    @Override
    public String toString() {
      return "Issued[keyId=" + keyId + "]";
    }
  }

  /**
   * @param kind {@code write}, {@code secret} or {@code restricted}
   */
  public static Issued issue(String kind, Random random) {
    String prefix = KIND_PREFIX.get(kind);
    if (prefix == null) {
      throw new IllegalArgumentException("unknown key kind " + kind);
    }
    byte[] id = new byte[KEY_ID_BYTES];
    random.nextBytes(id);
    String keyId = HexFormat.of().formatHex(id);
    return new Issued(
        generate(random).replaceFirst(PREFIX, PREFIX + prefix + "_" + keyId + "_"), keyId);
  }

  /** The lowercase hex SHA-256 of the key's UTF-8 bytes: what {@code ApiKeyStore} is keyed by. */
  public static String hash(String key) {
    return Sha256.hex(key);
  }
}
