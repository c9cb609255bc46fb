package dev.userwhisperer.core.ingest;

/**
 * The error body for a failure the HTTP server itself answers, before any endpoint runs: a URL it
 * cannot decode, headers too large or too many, a body that breaks off or stalls, a path or method
 * that does not exist. Every HTTP front (the local runner, the Cloud Functions) answers these in
 * the one documented body, never in a server's own page.
 */
public final class HttpErrors {
  private HttpErrors() {}

  /** The documented error for {@code status}; the message never names the server's internals. */
  public static ApiError forStatus(int status) {
    return switch (status) {
      case 400 ->
          ApiError.of(
              "bad_request",
              "the request is not valid HTTP: a malformed URL, header or body framing");
      case 401 -> ApiError.of("unauthorized", "credentials are missing or not valid");
      case 403 -> ApiError.of("forbidden", "not allowed");
      case 404 -> ApiError.of("not_found", "no such endpoint");
      case 405 -> ApiError.of("method_not_allowed", "this method is not supported here");
      case 406 -> ApiError.of("not_acceptable", "this endpoint answers application/json only");
      case 408 -> requestTimeout();
      case 413 ->
          ApiError.of(
              "payload_too_large",
              "the body is larger than "
                  + IngestService.MAX_BODY_BYTES
                  + " bytes, the most accepted per request");
      case 414 -> ApiError.of("uri_too_long", "the URL is too long");
      case 415 -> ApiError.of("unsupported_media_type", "this media type is not supported here");
      case 431 -> ApiError.of("headers_too_large", "the request headers are too large or too many");
      case 503 -> ApiError.of("unavailable", "temporarily unavailable; retry the same request");
      default ->
          status >= 500
              ? ApiError.of(
                  "internal_error", "unexpected error; retrying with the same messageIds is safe")
              : ApiError.of("bad_request", "the request cannot be answered (HTTP " + status + ")");
    };
  }

  /** The body did not arrive in time: the client stalled between two reads. */
  public static ApiError requestTimeout() {
    return ApiError.of(
        "request_timeout", "the request body stalled; send it again, it is safe to retry");
  }

  /** The body ended before its declared length, or its chunked framing is broken. */
  public static ApiError truncatedBody() {
    return ApiError.of(
        "truncated_body",
        "the body ended before its declared length, or its chunked encoding is broken");
  }
}
