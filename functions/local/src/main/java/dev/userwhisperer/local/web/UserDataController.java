package dev.userwhisperer.local.web;

import dev.userwhisperer.core.ingest.ApiKeyAuthenticator;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator.Authenticated;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator.Refused;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.privacy.ErasureReceipt;
import dev.userwhisperer.core.privacy.UserErasure;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code DELETE /v1/users/{userId}}: erases the user of the key's app from every store and answers
 * the receipt (200, also when nothing was held: erasing is idempotent). Needs a key with {@code
 * users:delete}.
 */
@RestController
class UserDataController {
  private static final Logger log = LoggerFactory.getLogger(UserDataController.class);

  private final ApiKeyAuthenticator authenticator;
  private final UserErasure erasure;

  UserDataController(ApiKeyAuthenticator authenticator, UserErasure erasure) {
    this.authenticator = authenticator;
    this.erasure = erasure;
  }

  @DeleteMapping("/v1/users/{userId}")
  ResponseEntity<byte[]> erase(@PathVariable String userId, HttpServletRequest request) {
    var outcome =
        authenticator.authenticate(
            request.getHeader(HttpHeaders.AUTHORIZATION), ApiKey.USERS_DELETE);
    if (outcome instanceof Refused refused) {
      return JsonResponses.of(refused.status(), Map.of(), refused.error().body());
    }
    ErasureReceipt receipt = erasure.erase(((Authenticated) outcome).appId(), userId);
    log.info(
        "erasure {} of app {}: {} items removed",
        receipt.erasureId(),
        receipt.appId(),
        receipt.total());
    return JsonResponses.ok(receipt);
  }
}
