package dev.userwhisperer.local.web;

import dev.userwhisperer.core.appconfig.AppConfigApi;
import dev.userwhisperer.core.appconfig.AppConfigApi.Answer;
import dev.userwhisperer.core.appconfig.AppConfigValidator;
import dev.userwhisperer.core.compose.PreviewApi;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/apps/{appId}/config}: HTTP in front of {@link AppConfigApi}, which holds the rules.
 */
@RestController
class AppConfigController {
  /** A configuration is a few kilobytes; this leaves room for a long feature catalogue. */
  static final int MAX_BODY_BYTES = 256 * 1024;

  private final AppConfigApi api;
  private final PreviewApi preview;
  private final byte[] schema = AppConfigValidator.schemaText().getBytes();

  AppConfigController(AppConfigApi api, PreviewApi preview) {
    this.api = api;
    this.preview = preview;
  }

  /** The message a user would get, with its compliance checks; nothing is sent or recorded. */
  @PostMapping("/v1/apps/{appId}/preview")
  ResponseEntity<byte[]> preview(@PathVariable String appId, HttpServletRequest request)
      throws IOException {
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_BODY_BYTES);
    }
    return write(preview.preview(request.getHeader(HttpHeaders.AUTHORIZATION), appId, body));
  }

  @GetMapping("/v1/apps/{appId}/config")
  ResponseEntity<byte[]> get(
      @PathVariable String appId,
      @RequestParam(required = false) Long version,
      HttpServletRequest request) {
    return write(api.get(request.getHeader(HttpHeaders.AUTHORIZATION), appId, version));
  }

  @GetMapping("/v1/apps/{appId}/config/versions")
  ResponseEntity<byte[]> versions(
      @PathVariable String appId,
      @RequestParam(defaultValue = "20") int limit,
      HttpServletRequest request) {
    return write(api.history(request.getHeader(HttpHeaders.AUTHORIZATION), appId, limit));
  }

  @PutMapping("/v1/apps/{appId}/config")
  ResponseEntity<byte[]> put(@PathVariable String appId, HttpServletRequest request)
      throws IOException {
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      return JsonResponses.of(
          413,
          Map.of(),
          dev.userwhisperer.core.ingest.ApiError.of(
                  "payload_too_large",
                  "a configuration document is at most " + MAX_BODY_BYTES + " bytes")
              .body());
    }
    return write(api.put(request.getHeader(HttpHeaders.AUTHORIZATION), appId, body));
  }

  @GetMapping("/v1/schema/app-config")
  ResponseEntity<byte[]> schema() {
    return ResponseEntity.ok()
        .contentType(MediaType.valueOf("application/schema+json"))
        .body(schema);
  }

  private static ResponseEntity<byte[]> write(Answer answer) {
    return JsonResponses.of(answer.status(), Map.of(), answer.body());
  }
}
