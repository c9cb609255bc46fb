package dev.userwhisperer.local.web;

import dev.userwhisperer.core.ingest.IngestResponse;
import dev.userwhisperer.core.privacy.UserDataApi;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The user endpoints ({@link UserDataApi}, shared with the Google Cloud ingest function): the
 * profile, the export and the erasure of one user of the key's app.
 */
@RestController
class UserDataController {
  private final UserDataApi users;

  UserDataController(UserDataApi users) {
    this.users = users;
  }

  @GetMapping("/v1/users/{userId}")
  ResponseEntity<byte[]> user(
      @PathVariable String userId,
      HttpServletRequest request,
      @RequestParam(defaultValue = "" + UserDataApi.DEFAULT_DECISION_LIMIT) int decisionLimit) {
    return answer(users.user(authorization(request), userId, decisionLimit));
  }

  @GetMapping("/v1/users/{userId}/export")
  ResponseEntity<byte[]> export(@PathVariable String userId, HttpServletRequest request) {
    return answer(users.export(authorization(request), userId));
  }

  @DeleteMapping("/v1/users/{userId}")
  ResponseEntity<byte[]> erase(@PathVariable String userId, HttpServletRequest request) {
    return answer(users.erase(authorization(request), userId));
  }

  private static String authorization(HttpServletRequest request) {
    return request.getHeader(HttpHeaders.AUTHORIZATION);
  }

  private static ResponseEntity<byte[]> answer(IngestResponse response) {
    return JsonResponses.of(response.status(), response.headers(), response.body());
  }
}
