package dev.userwhisperer.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.ingest.ApiKeyAuthenticator.Authenticated;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator.Refused;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.testing.IngestFixture;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyAuthenticatorTest {
  private final IngestFixture f = new IngestFixture();
  private final ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(f.keys, f.clock);

  @Test
  void bearerKeyWithTheScopeYieldsItsApp() {
    String key = f.addKey("app-9", Set.of(ApiKey.PROFILES_READ), null);
    assertThat(authenticator.authenticate("bearer  " + key + " ", ApiKey.PROFILES_READ))
        .isEqualTo(new Authenticated("app-9"));
  }

  @Test
  void scopeIsCheckedPerEndpoint() {
    assertThat(authenticator.authenticate("Bearer " + f.key, ApiKey.PROFILES_READ))
        .isEqualTo(
            new Refused(
                403,
                ApiError.of("insufficient_scope", "the API key lacks the scope 'profiles:read'")));
  }

  @Test
  void emptyBearerIsInvalid() {
    assertThat(authenticator.authenticate("Bearer ", ApiKey.EVENTS_WRITE))
        .isEqualTo(
            new Refused(
                401,
                ApiError.of("invalid_api_key", "the Authorization header must be 'Bearer <key>'")));
  }

  @Test
  void refusalBecomesTheErrorResponse() {
    IngestResponse response =
        ((Refused) authenticator.authenticate(null, ApiKey.EVENTS_WRITE)).response();
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body())
        .isEqualTo(
            ApiError.of(
                    "missing_api_key", "send the app's API key as 'Authorization: Bearer <key>'")
                .body());
  }
}
