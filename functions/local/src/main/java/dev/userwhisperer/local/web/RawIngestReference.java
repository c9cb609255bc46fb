package dev.userwhisperer.local.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /bench/raw}, the reference the ingest benchmark is measured against in the same run:
 * the same server, connector and body reading as {@code POST /v1/events}, and nothing else (no key,
 * no parsing, no storage), answered 202. Off unless {@code whisperer.bench.raw-endpoint=true}.
 */
@RestController
@ConditionalOnProperty(name = "whisperer.bench.raw-endpoint", havingValue = "true")
class RawIngestReference {

  @PostMapping("/bench/raw")
  ResponseEntity<byte[]> raw(HttpServletRequest request) {
    try {
      byte[] body = RequestBodies.read(request);
      return JsonResponses.of(202, Map.of(), Map.of("bytes", body.length));
    } catch (RequestBodies.Unreadable e) {
      return JsonResponses.of(e.status, Map.of("Connection", "close"), e.error.body());
    }
  }
}
