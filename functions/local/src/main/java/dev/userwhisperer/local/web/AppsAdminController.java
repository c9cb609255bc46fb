package dev.userwhisperer.local.web;

import dev.userwhisperer.core.access.AdminAnswer;
import dev.userwhisperer.core.access.AppsAdmin;
import dev.userwhisperer.core.ingest.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The apps-and-keys admin API, always present and always behind the admin token ({@link
 * AdminTokenFilter}); the rules live in {@link AppsAdmin}. The caller may name themself in {@value
 * #ACTOR_HEADER}, which the audit log records beside the token.
 */
@RestController
class AppsAdminController {
  static final String ACTOR_HEADER = "X-Actor";
  static final String TOKEN_ACTOR = "admin-token";
  private static final int MAX_BODY = 16 * 1024;
  private static final Pattern ACTOR = Pattern.compile("^[\\p{L}\\p{N} ._@+-]{1,100}$");

  private final AppsAdmin admin;

  AppsAdminController(AppsAdmin admin) {
    this.admin = admin;
  }

  @PostMapping("/admin/apps")
  ResponseEntity<byte[]> createApp(HttpServletRequest request) throws IOException {
    return withActor(request, actor -> admin.createApp(actor, body(request)));
  }

  @GetMapping("/admin/apps")
  ResponseEntity<byte[]> listApps() {
    return write(admin.listApps());
  }

  @PostMapping("/admin/apps/{appId}/archive")
  ResponseEntity<byte[]> archive(@PathVariable String appId, HttpServletRequest request)
      throws IOException {
    return withActor(request, actor -> admin.archiveApp(actor, appId));
  }

  @PostMapping("/admin/apps/{appId}/keys")
  ResponseEntity<byte[]> createKey(@PathVariable String appId, HttpServletRequest request)
      throws IOException {
    return withActor(request, actor -> admin.createKey(actor, appId, body(request)));
  }

  @GetMapping("/admin/apps/{appId}/keys")
  ResponseEntity<byte[]> listKeys(@PathVariable String appId) {
    return write(admin.listKeys(appId));
  }

  @PostMapping("/admin/apps/{appId}/keys/{keyId}/rotate")
  ResponseEntity<byte[]> rotate(
      @PathVariable String appId, @PathVariable String keyId, HttpServletRequest request)
      throws IOException {
    return withActor(request, actor -> admin.rotateKey(actor, appId, keyId, body(request)));
  }

  @PostMapping("/admin/apps/{appId}/keys/{keyId}/revoke")
  ResponseEntity<byte[]> revoke(
      @PathVariable String appId, @PathVariable String keyId, HttpServletRequest request)
      throws IOException {
    return withActor(request, actor -> admin.revokeKey(actor, appId, keyId));
  }

  @GetMapping("/admin/audit")
  ResponseEntity<byte[]> audit(
      @RequestParam(required = false) String appId, @RequestParam(defaultValue = "100") int limit) {
    return write(admin.audit(appId, limit));
  }

  private interface Action {
    AdminAnswer run(String actor) throws IOException;
  }

  private static ResponseEntity<byte[]> withActor(HttpServletRequest request, Action action)
      throws IOException {
    String named = request.getHeader(ACTOR_HEADER);
    if (named != null && !ACTOR.matcher(named).matches()) {
      return JsonResponses.of(
          400,
          Map.of(),
          new ApiError(
                  "invalid_header",
                  ACTOR_HEADER
                      + " names who acts: 1 to 100 letters, digits, spaces and ._@+- characters",
                  ACTOR_HEADER)
              .body());
    }
    return write(action.run(named == null ? TOKEN_ACTOR : TOKEN_ACTOR + ":" + named));
  }

  private static byte[] body(HttpServletRequest request) throws IOException {
    try (InputStream in = request.getInputStream()) {
      return in.readNBytes(MAX_BODY);
    }
  }

  private static ResponseEntity<byte[]> write(AdminAnswer answer) {
    return JsonResponses.of(answer.status(), Map.of(), answer.body());
  }
}
