package dev.userwhisperer.core.ingest;

import java.util.Objects;
import java.util.Set;

/**
 * A call of the Segment HTTP Tracking API ({@code POST /v1/<call>}) as the HTTP layer hands it to
 * {@link SegmentIngest}: which call, three headers and the raw body.
 *
 * @param call {@code batch}, {@code import} (an alias of batch), {@code track}, {@code identify},
 *     {@code page}, {@code screen}, {@code group} or {@code alias}
 */
public record SegmentRequest(String call, IngestRequest request) {
  public static final Set<String> CALLS =
      Set.of("batch", "import", "track", "identify", "page", "screen", "group", "alias");

  public SegmentRequest {
    Objects.requireNonNull(request, "request");
    if (!CALLS.contains(call)) {
      throw new IllegalArgumentException("not a Segment call: " + call);
    }
  }

  public boolean isBatch() {
    return call.equals("batch") || call.equals("import");
  }
}
