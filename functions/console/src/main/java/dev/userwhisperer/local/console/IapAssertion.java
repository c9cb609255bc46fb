package dev.userwhisperer.local.console;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Set;

/**
 * Checks the header Identity-Aware Proxy signs each request with ({@code x-goog-iap-jwt-assertion},
 * https://cloud.google.com/iap/docs/signed-headers-howto): ES256, signed by one of IAP's public
 * keys (a JWK set, fetched and cached), issued by {@code https://cloud.google.com/iap} for this
 * service's audience, not expired and not issued in the future (30 s of skew either way), naming a
 * person.
 */
final class IapAssertion {
  static final String HEADER = "x-goog-iap-jwt-assertion";
  static final String ISSUER = "https://cloud.google.com/iap";
  static final String GOOGLE_KEYS = "https://www.gstatic.com/iap/verify/public_key-jwk";
  private static final int SKEW_SECONDS = 30;

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final Clock clock;

  /**
   * @param keys IAP's public keys as a JWK set ({@link #GOOGLE_KEYS} on Google Cloud)
   * @param audience the service's, e.g. {@code /projects/NUMBER/locations/REGION/services/NAME}
   */
  IapAssertion(URL keys, String audience, Clock clock) {
    if (audience == null || audience.isBlank()) {
      throw new IllegalArgumentException(
          "whisperer.console.iap-audience is required with whisperer.console.auth=iap");
    }
    this.clock = clock;
    JWKSource<SecurityContext> source = JWKSourceBuilder.create(keys).retrying(true).build();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, source));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            audience,
            new JWTClaimsSet.Builder().issuer(ISSUER).build(),
            Set.of("sub", "email", "exp", "iat")) {
          @Override
          protected Date currentTime() {
            return Date.from(IapAssertion.this.clock.instant());
          }
        };
    claims.setMaxClockSkew(SKEW_SECONDS);
    processor.setJWTClaimsSetVerifier(claims);
  }

  /**
   * @return the e-mail of the person IAP let through
   * @throws Refused when the header is missing or is not a valid assertion for this service
   */
  String verify(String header) {
    if (header == null || header.isBlank()) {
      throw new Refused("no " + HEADER + " header: the request did not come through IAP");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(header.strip(), null);
    } catch (ParseException | BadJOSEException | JOSEException e) {
      throw new Refused("not a valid IAP assertion: " + e.getMessage());
    }
    if (claims.getIssueTime().toInstant().isAfter(clock.instant().plusSeconds(SKEW_SECONDS))) {
      throw new Refused("not a valid IAP assertion: issued in the future");
    }
    return (String) claims.getClaim("email");
  }

  /** The request is not let in; the reason names no key and no token content but the claims'. */
  static final class Refused extends RuntimeException {
    Refused(String reason) {
      super(reason);
    }
  }
}
