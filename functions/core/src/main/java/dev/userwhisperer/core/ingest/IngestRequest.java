package dev.userwhisperer.core.ingest;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the HTTP layer hands to {@link IngestService}: three headers and the raw body, untouched.
 *
 * @param authorization the {@code Authorization} header, or null
 * @param contentType the {@code Content-Type} header, or null
 * @param contentEncoding the {@code Content-Encoding} header, or null
 * @param body the request body bytes as received (empty when there was none)
 */
public record IngestRequest(
    String authorization, String contentType, String contentEncoding, byte[] body) {

  public IngestRequest {
    body = body == null ? new byte[0] : body;
  }

  /** A body sent without {@code Content-Encoding}. */
  public IngestRequest(String authorization, String contentType, byte[] body) {
    this(authorization, contentType, null, body);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IngestRequest r
        && Objects.equals(authorization, r.authorization)
        && Objects.equals(contentType, r.contentType)
        && Objects.equals(contentEncoding, r.contentEncoding)
        && Arrays.equals(body, r.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(authorization, contentType, contentEncoding, Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    // never the key itself: requests end up in logs
    return "IngestRequest[contentType="
        + contentType
        + ", contentEncoding="
        + contentEncoding
        + ", bodyBytes="
        + body.length
        + "]";
  }
}
