package dev.userwhisperer.gcp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Turns ids that clients or stages chose into Firestore document ids and composite keys. */
final class DocumentIds {
  private DocumentIds() {}

  /**
   * A valid document id that reads like {@code id} and maps back to it: {@code %} and {@code /} are
   * percent-encoded, and so is the first character of {@code .}, {@code ..} and {@code __…__},
   * which Firestore reserves. Distinct ids stay distinct.
   */
  static String escape(String id) {
    if (id.isEmpty()) {
      throw new IllegalArgumentException("an id must not be empty");
    }
    String escaped = id.replace("%", "%25").replace("/", "%2F");
    if (escaped.equals(".") || escaped.equals("..")) {
      return "%2E" + escaped.substring(1);
    }
    if (escaped.length() >= 4 && escaped.startsWith("__") && escaped.endsWith("__")) {
      return "%5F" + escaped.substring(1);
    }
    return escaped;
  }

  /** The escaped parts joined by {@code /}: distinct tuples of parts give distinct keys. */
  static String join(Iterable<String> parts) {
    StringBuilder key = new StringBuilder();
    for (String part : parts) {
      if (!key.isEmpty()) {
        key.append('/');
      }
      key.append(part.replace("%", "%25").replace("/", "%2F"));
    }
    return key.toString();
  }

  /**
   * A fixed-length id spread evenly over the key space, for write-heavy collections where Firestore
   * would otherwise form hotspots on ids that share prefixes or grow monotonically.
   */
  static String hashed(String... parts) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        sha256.update(part.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
