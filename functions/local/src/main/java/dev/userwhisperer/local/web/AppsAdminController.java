package dev.userwhisperer.local.web;

import dev.userwhisperer.core.access.AdminActor;
import dev.userwhisperer.core.access.AdminAnswer;
import dev.userwhisperer.core.access.AppsAdmin;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The apps-and-keys admin API, always present and always behind the admin token ({@link
 * AdminTokenFilter}); the rules live in {@link AppsAdmin}. The caller may name themself in {@code
 * X-Actor} ({@link AdminActor}), which the audit log records beside the token.
 */
@RestController
class AppsAdminController {
  private static final int MAX_BODY = 16 * 1024;

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
    String named = request.getHeader(AdminActor.HEADER);
    Optional<AdminAnswer> refusal = AdminActor.refusal(named);
    return write(refusal.isPresent() ? refusal.get() : action.run(AdminActor.of(named)));
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
