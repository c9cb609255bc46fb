package dev.userwhisperer.core.feedback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * SendGrid's Signed Event Webhook: {@code X-Twilio-Email-Event-Webhook-Signature} is an ECDSA
 * (P-256, SHA-256, DER, base64) signature of {@code X-Twilio-Email-Event-Webhook-Timestamp}
 * followed by the raw body, made with the account's key; the verification key is the public half,
 * base64 X.509 as SendGrid shows it.
 */
public final class SendGridSignature {
  public static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";
  public static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";

  private final PublicKey key;

  /**
   * @throws IllegalArgumentException when the key is not a base64 X.509 EC public key
   */
  public SendGridSignature(String verificationKeyBase64) {
    try {
      key =
          KeyFactory.getInstance("EC")
              .generatePublic(
                  new X509EncodedKeySpec(Base64.getMimeDecoder().decode(verificationKeyBase64)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the SendGrid verification key is not a base64 EC public key", e);
    }
  }

  /** False for a missing, malformed or wrong signature; never throws on bad input. */
  public boolean verify(String signatureBase64, String timestamp, byte[] body) {
    if (signatureBase64 == null || timestamp == null || body == null) {
      return false;
    }
    try {
      Signature ecdsa = Signature.getInstance("SHA256withECDSA");
      ecdsa.initVerify(key);
      ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
      ecdsa.update(body);
      return ecdsa.verify(Base64.getDecoder().decode(signatureBase64.trim()));
    } catch (GeneralSecurityException | IllegalArgumentException bad) {
      return false;
    }
  }
}
