package dev.userwhisperer.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tokens in open, click and unsubscribe links: {@code <keyId>.<outboundId>.<mac>}, where the
 * mac is 128 bits of HMAC-SHA256 of the key id and message id, base64url. Nobody without the key
 * can make one for a message, however guessable its id. Keys rotate: tokens are issued with the
 * first key and accepted with any listed one, so an old key stays listed until its links expire.
 */
public final class LinkTokens {
  /** The secret: {@code keyId:base64key[,keyId:base64key…]}, the first one issuing. */
  public static final String SECRET = "WHISPERER_LINK_KEYS";

  private static final int MAC_BYTES = 16;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();

  private final String issuingKeyId;
  private final Map<String, byte[]> keys;

  private LinkTokens(String issuingKeyId, Map<String, byte[]> keys) {
    this.issuingKeyId = issuingKeyId;
    this.keys = keys;
  }

  /**
   * @throws IllegalArgumentException naming the problem (never a key) when the setting is not
   *     {@code keyId:base64key[,…]} with keys of at least 32 bytes
   */
  public static LinkTokens parse(String setting) {
    if (setting == null || setting.isBlank()) {
      throw new IllegalArgumentException(SECRET + " is empty");
    }
    Map<String, byte[]> keys = new LinkedHashMap<>();
    for (String entry : setting.split(",")) {
      int colon = entry.indexOf(':');
      String id = colon < 0 ? "" : entry.substring(0, colon).trim();
      if (!id.matches("[A-Za-z0-9_-]{1,16}")) {
        throw new IllegalArgumentException(
            SECRET + " entries must be keyId:base64key with a key id of letters and digits");
      }
      byte[] key;
      try {
        key = Base64.getDecoder().decode(entry.substring(colon + 1).trim());
      } catch (IllegalArgumentException notBase64) {
        throw new IllegalArgumentException(SECRET + " key " + id + " is not base64");
      }
      if (key.length < 32) {
        throw new IllegalArgumentException(SECRET + " key " + id + " is shorter than 32 bytes");
      }
      keys.put(id, key);
    }
    return new LinkTokens(keys.keySet().iterator().next(), Map.copyOf(keys));
  }

  public String issue(String outboundId) {
    return issuingKeyId
        + "."
        + B64.encodeToString(outboundId.getBytes(StandardCharsets.UTF_8))
        + "."
        + B64.encodeToString(mac(keys.get(issuingKeyId), issuingKeyId, outboundId));
  }

  /** The message a token stands for, when the token is one of ours. */
  public Optional<String> outboundId(String token) {
    if (token == null) {
      return Optional.empty();
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || !keys.containsKey(parts[0])) {
      return Optional.empty();
    }
    try {
      String outboundId = new String(B64_DECODE.decode(parts[1]), StandardCharsets.UTF_8);
      byte[] given = B64_DECODE.decode(parts[2]);
      return MessageDigest.isEqual(given, mac(keys.get(parts[0]), parts[0], outboundId))
          ? Optional.of(outboundId)
          : Optional.empty();
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
  }

  private static byte[] mac(byte[] key, String keyId, String outboundId) {
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(new SecretKeySpec(key, "HmacSHA256"));
      hmac.update(("uw-link-v1\u001f" + keyId + "\u001f").getBytes(StandardCharsets.UTF_8));
      return Arrays.copyOf(hmac.doFinal(outboundId.getBytes(StandardCharsets.UTF_8)), MAC_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }
}
