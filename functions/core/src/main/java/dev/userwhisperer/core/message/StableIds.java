package dev.userwhisperer.core.message;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Ids derived from their inputs, so that a redelivered message yields the same ids as the first
 * delivery and downstream stores recognise the repeat.
 */
public final class StableIds {
  private static final char SEPARATOR = '\u001f';

  private StableIds() {}

  /**
   * 32 hex characters (128 bits of SHA-256) of the parts; {@code ("a","bc")} and {@code ("ab","c")}
   * differ.
   */
  public static String of(String... parts) {
    return HexFormat.of().formatHex(digest(parts), 0, 16);
  }

  /** A value in {@code [0, 100)} spread evenly over the parts, for deterministic bucketing. */
  public static int percentile(String... parts) {
    byte[] d = digest(parts);
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (d[i] & 0xff);
    }
    return (int) Long.remainderUnsigned(value, 100);
  }

  private static byte[] digest(String... parts) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    StringBuilder joined = new StringBuilder();
    for (String part : parts) {
      joined.append(part).append(SEPARATOR);
    }
    return sha256.digest(joined.toString().getBytes(StandardCharsets.UTF_8));
  }
}
