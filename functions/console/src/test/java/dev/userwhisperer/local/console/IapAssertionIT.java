package dev.userwhisperer.local.console;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The console behind Identity-Aware Proxy: IAP's signed header checked against a JWK set served by
 * a stub in the format of https://www.gstatic.com/iap/verify/public_key-jwk, with a key made here.
 */
class IapAssertionIT {
  static final String AUDIENCE = "/projects/123456789/locations/europe-west1/services/console";
  static final Instant NOW = Instant.parse("2026-12-07T15:00:00Z");

  private final WireMockServer stub = new WireMockServer(options().dynamicPort());
  private ECKey iapKey;
  private ConsoleSessionFilter filter;

  @BeforeEach
  void start() throws Exception {
    stub.start();
    iapKey = new ECKeyGenerator(Curve.P_256).keyID("iap-key-1").generate();
    stub.stubFor(
        get(urlPathEqualTo("/iap/verify/public_key-jwk"))
            .willReturn(okJson(new JWKSet(iapKey.toPublicJWK()).toString())));
    IapAssertion iap =
        new IapAssertion(
            URI.create(stub.baseUrl() + "/iap/verify/public_key-jwk").toURL(),
            AUDIENCE,
            Clock.fixed(NOW, ZoneOffset.UTC));
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    beans.addBean("iap", iap);
    filter = new ConsoleSessionFilter(beans.getBeanProvider(IapAssertion.class));
  }

  @AfterEach
  void stop() {
    stub.stop();
  }

  private JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .issuer("https://cloud.google.com/iap")
        .audience(AUDIENCE)
        .subject("accounts.google.com:1234")
        .claim("email", "ana@example.com")
        .issueTime(Date.from(NOW.minusSeconds(60)))
        .expirationTime(Date.from(NOW.plusSeconds(540)));
  }

  private String signed(JWTClaimsSet claims, ECKey key) throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  private MockHttpServletResponse open(String path, String assertion) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
    if (assertion != null) {
      request.addHeader("x-goog-iap-jwt-assertion", assertion);
    }
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();
    filter.doFilter(request, response, chain);
    if (chain.getRequest() != null) {
      response.setStatus(200);
      response.addHeader("X-Signed-In-As", (String) request.getAttribute("console.signedInAs"));
    }
    return response;
  }

  @Test
  void aValidAssertionLetsThePersonIn() throws Exception {
    var response = open("/console/apps/demo", signed(claims().build(), iapKey));

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getHeader("X-Signed-In-As")).isEqualTo("ana@example.com");
  }

  @Test
  void aRequestWithoutTheHeaderIsRefused() throws Exception {
    var response = open("/console/apps/demo", null);

    assertThat(response.getStatus()).isEqualTo(401);
    assertThat(response.getErrorMessage()).contains("did not come through IAP");
  }

  @Test
  void anAssertionForAnotherServiceIsRefused() throws Exception {
    String other =
        signed(
            claims().audience("/projects/123456789/locations/europe-west1/services/other").build(),
            iapKey);

    assertThat(open("/console/apps/demo", other).getStatus()).isEqualTo(401);
  }

  @Test
  void anExpiredAssertionIsRefusedBeyondTheThirtySecondsOfSkew() throws Exception {
    String expired =
        signed(
            claims()
                .issueTime(Date.from(NOW.minusSeconds(700)))
                .expirationTime(Date.from(NOW.minusSeconds(31)))
                .build(),
            iapKey);
    String withinSkew =
        signed(claims().expirationTime(Date.from(NOW.minusSeconds(20))).build(), iapKey);

    assertThat(open("/console/apps/demo", expired).getStatus()).isEqualTo(401);
    assertThat(open("/console/apps/demo", withinSkew).getStatus()).isEqualTo(200);
  }

  @Test
  void anAssertionIssuedInTheFutureIsRefused() throws Exception {
    String future = signed(claims().issueTime(Date.from(NOW.plusSeconds(120))).build(), iapKey);

    assertThat(open("/console/apps/demo", future).getStatus()).isEqualTo(401);
  }

  @Test
  void anUnsignedAssertionIsRefused() throws Exception {
    String unsigned = new PlainJWT(claims().build()).serialize();

    assertThat(open("/console/apps/demo", unsigned).getStatus()).isEqualTo(401);
  }

  @Test
  void anAssertionSignedWithAKeyThatIsNotIapsIsRefused() throws Exception {
    ECKey forged = new ECKeyGenerator(Curve.P_256).keyID("iap-key-1").generate();

    assertThat(open("/console/apps/demo", signed(claims().build(), forged)).getStatus())
        .isEqualTo(401);
  }

  @Test
  void anAssertionFromAnotherIssuerIsRefused() throws Exception {
    String other = signed(claims().issuer("https://accounts.google.com").build(), iapKey);

    assertThat(open("/console/apps/demo", other).getStatus()).isEqualTo(401);
  }

  @Test
  void theStylesheetNeedsNoAssertionAndTheSignInPageLeadsToTheOverview() throws Exception {
    assertThat(open("/console/assets/console.css", null).getStatus()).isEqualTo(200);
    var login = open("/console/login", null);
    assertThat(login.getStatus()).isEqualTo(302);
    assertThat(login.getRedirectedUrl()).isEqualTo("/console");
  }
}
