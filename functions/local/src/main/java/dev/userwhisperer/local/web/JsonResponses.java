package dev.userwhisperer.local.web;

import dev.userwhisperer.core.json.Json;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Writes bodies with core's codec, so that HTTP and bus messages serialise the same way. */
final class JsonResponses {
  private JsonResponses() {}

  static ResponseEntity<byte[]> of(int status, Map<String, String> headers, Object body) {
    HttpHeaders httpHeaders = new HttpHeaders();
    headers.forEach(httpHeaders::set);
    httpHeaders.setContentType(MediaType.APPLICATION_JSON);
    return ResponseEntity.status(status).headers(httpHeaders).body(Json.encode(body));
  }

  static ResponseEntity<byte[]> ok(Object body) {
    return of(200, Map.of(), body);
  }
}
