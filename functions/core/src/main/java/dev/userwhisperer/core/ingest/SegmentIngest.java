package dev.userwhisperer.core.ingest;

import dev.userwhisperer.core.ingest.ApiKeyAuthenticator.Authenticated;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator.Refused;
import dev.userwhisperer.core.port.ApiKey;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The Segment HTTP Tracking API in front of {@link IngestService}: an app whose code already calls
 * Segment's SDKs points them here and changes nothing else. The write key comes as the user name of
 * HTTP Basic auth (or as a Bearer token), or, without an {@code Authorization} header, as the
 * body's {@code writeKey} (what Segment's Java client sends; the body is then decoded before the
 * key is checked); bodies may be gzipped; each message becomes a platform event ({@link
 * SegmentMessages}) and then goes the native way (validation, quarantine, the atomic claim of its
 * {@code messageId}, the durable bus), so a retried Segment batch is answered duplicate like a
 * native one.
 *
 * <p>The answer is Segment's: 200 {@code {"success": true}}, here with the native per-message
 * results beside it; errors are the platform's one error body with the status Segment clients
 * understand (4xx: dropped by the client, 429 and 5xx: retried).
 */
public final class SegmentIngest {
  private final IngestService ingest;

  public SegmentIngest(IngestService ingest) {
    this.ingest = Objects.requireNonNull(ingest, "ingest");
  }

  /** Segment's success body with the native counts and per-message results. */
  public record SegmentResult(
      boolean success,
      int accepted,
      int duplicates,
      int rejected,
      java.util.List<IngestResult.EventResult> results) {
    static SegmentResult of(IngestResult result) {
      return new SegmentResult(
          true, result.accepted(), result.duplicates(), result.rejected(), result.results());
    }
  }

  public IngestResponse handle(SegmentRequest call) {
    IngestRequest request = call.request();
    String authorization = request.authorization();
    IngestService.Parsed parsed = null;
    if (authorization == null || authorization.isBlank()) {
      // Segment's Java client sends no Authorization header: the key is the body's writeKey
      parsed = IngestService.parse(request);
      if (parsed.refusal() != null) {
        return parsed.refusal();
      }
      JsonNode writeKey = parsed.root().get("writeKey");
      if (writeKey != null && writeKey.isString() && !writeKey.asString().isBlank()) {
        authorization = "Bearer " + writeKey.asString();
      }
    }
    var outcome = ingest.authenticator().authenticateBasic(authorization, ApiKey.EVENTS_WRITE);
    if (outcome instanceof Refused refused) {
      return refused.response();
    }
    String appId = ((Authenticated) outcome).appId();
    if (parsed == null) {
      parsed = IngestService.parse(request);
      if (parsed.refusal() != null) {
        return parsed.refusal();
      }
    }
    SegmentMessages.Mapped mapped;
    try {
      mapped = SegmentMessages.map(call, parsed.root(), parsed.body(), ingest.clock().instant());
    } catch (Envelope.Refusal refusal) {
      return IngestResponse.error(refusal.status, refusal.error);
    }
    return ingest.admit(
        appId,
        mapped.envelope(),
        parsed.body(),
        mapped.violations(),
        result ->
            new IngestResponse(
                200,
                Map.of(IngestResponse.CONTENT_TYPE, IngestResponse.JSON),
                SegmentResult.of(result)));
  }
}
