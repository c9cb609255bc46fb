package dev.userwhisperer.local.web;

import dev.userwhisperer.core.ingest.IngestRequest;
import dev.userwhisperer.core.ingest.IngestResponse;
import dev.userwhisperer.core.ingest.SegmentRequest;
import dev.userwhisperer.local.StageFunctions;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Segment's HTTP Tracking API on the paths Segment's SDKs call: point an SDK's host here and it
 * sends to the platform. No native route shares these paths (the native API ingests at {@code
 * /v1/events}).
 */
@RestController
class SegmentController {
  private final Function<SegmentRequest, IngestResponse> segment;

  SegmentController(StageFunctions stages) {
    this.segment = stages.segmentIngest();
  }

  /** Segment's Java client posts to {@code /v1/import/}: the trailing slash is Segment's too. */
  @PostMapping({
    "/v1/{call:batch|import|track|identify|page|screen|group|alias}",
    "/v1/{call:batch|import|track|identify|page|screen|group|alias}/"
  })
  ResponseEntity<byte[]> call(@PathVariable String call, HttpServletRequest request) {
    byte[] body;
    try {
      body = RequestBodies.read(request);
    } catch (RequestBodies.Unreadable e) {
      return JsonResponses.of(e.status, Map.of("Connection", "close"), e.error.body());
    }
    IngestResponse response =
        segment.apply(
            new SegmentRequest(
                call,
                new IngestRequest(
                    request.getHeader(HttpHeaders.AUTHORIZATION),
                    request.getContentType(),
                    request.getHeader(HttpHeaders.CONTENT_ENCODING),
                    body)));
    return JsonResponses.of(response.status(), response.headers(), response.body());
  }
}
