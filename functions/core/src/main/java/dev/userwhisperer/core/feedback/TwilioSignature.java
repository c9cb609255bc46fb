package dev.userwhisperer.core.feedback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's request signature: {@code X-Twilio-Signature} is the base64 HMAC-SHA1, keyed with the
 * account's auth token, of the full URL Twilio called followed by each POST parameter's name and
 * value, sorted by name.
 */
public final class TwilioSignature {
  public static final String HEADER = "X-Twilio-Signature";

  private final byte[] authToken;

  public TwilioSignature(String authToken) {
    if (authToken == null || authToken.isBlank()) {
      throw new IllegalArgumentException("the Twilio auth token is required to verify callbacks");
    }
    this.authToken = authToken.getBytes(StandardCharsets.UTF_8);
  }

  /** What Twilio sends for this URL and these POST parameters. */
  public String sign(String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
    try {
      Mac hmac = Mac.getInstance("HmacSHA1");
      hmac.init(new SecretKeySpec(authToken, "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(hmac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA1", e);
    }
  }

  /** False for a missing or wrong signature; compared in constant time. */
  public boolean verify(String signature, String url, Map<String, String> params) {
    if (signature == null) {
      return false;
    }
    return MessageDigest.isEqual(
        sign(url, params).getBytes(StandardCharsets.US_ASCII),
        signature.trim().getBytes(StandardCharsets.US_ASCII));
  }
}
