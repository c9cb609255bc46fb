package dev.userwhisperer.local.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/** Serves the event schema and the OpenAPI description, both kept in core's resources. */
@RestController
class DocsController {
  private final byte[] schema = resource("/schema/event.v1.schema.json");
  private final byte[] openApi = resource("/api/openapi.yaml");

  @GetMapping("/v1/schema")
  ResponseEntity<byte[]> schema() {
    return ResponseEntity.ok()
        .contentType(MediaType.valueOf("application/schema+json"))
        .body(schema);
  }

  @GetMapping("/docs/openapi.yaml")
  ResponseEntity<byte[]> openApi() {
    return ResponseEntity.ok().contentType(MediaType.valueOf("application/yaml")).body(openApi);
  }

  /** A page readable without any script or CDN: the description itself, with its raw link. */
  @GetMapping("/docs")
  ResponseEntity<String> docs() {
    String page =
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>User Whisperer API</title></head><body>"
            + "<h1>User Whisperer API</h1><p>OpenAPI 3.1: <a href=\"/docs/openapi.yaml\">/docs/openapi.yaml</a>"
            + " &middot; event schema: <a href=\"/v1/schema\">/v1/schema</a></p><pre>"
            + HtmlUtils.htmlEscape(new String(openApi, StandardCharsets.UTF_8))
            + "</pre></body></html>";
    return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(page);
  }

  private static byte[] resource(String path) {
    try (InputStream in = DocsController.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path, e);
    }
  }
}
