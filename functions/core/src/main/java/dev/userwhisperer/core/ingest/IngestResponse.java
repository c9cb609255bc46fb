package dev.userwhisperer.core.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the HTTP layer writes back verbatim: status, headers and a body to serialise with {@code
 * Json}.
 *
 * @param body an {@link IngestResult} (202) or an {@link ApiError.Body} (every other status)
 */
public record IngestResponse(int status, Map<String, String> headers, Object body) {
  public static final String CONTENT_TYPE = "Content-Type";
  public static final String RETRY_AFTER = "Retry-After";
  public static final String JSON = "application/json";

  public IngestResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + status);
    }
    headers = Map.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  public static IngestResponse accepted(IngestResult result) {
    return new IngestResponse(202, Map.of(CONTENT_TYPE, JSON), result);
  }

  public static IngestResponse error(int status, ApiError error) {
    return error(status, error, Map.of());
  }

  public static IngestResponse error(int status, ApiError error, Map<String, String> extraHeaders) {
    Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
    headers.put(CONTENT_TYPE, JSON);
    return new IngestResponse(status, headers, error.body());
  }
}
