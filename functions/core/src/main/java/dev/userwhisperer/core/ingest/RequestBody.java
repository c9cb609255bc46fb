package dev.userwhisperer.core.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The bytes of a {@code POST /v1/events} body as JSON will read them: decompressed when sent with
 * {@code Content-Encoding: gzip} (the size limit applies to what comes out, so a small body that
 * inflates to gigabytes is refused after {@link IngestService#MAX_BODY_BYTES} + 1 bytes), and
 * checked to be strict UTF-8. A JSON parser is lenient with overlong sequences ({@code C0 AF} would
 * read as {@code /}) and encoded surrogates; such bytes are refused here, so that what is stored is
 * exactly what was sent.
 */
final class RequestBody {
  static final String GZIP = "gzip";

  private RequestBody() {}

  /**
   * @param contentEncoding the {@code Content-Encoding} header, or null
   * @param body the bytes as received (at most {@link IngestService#MAX_BODY_BYTES} + 1)
   * @return the body to parse
   * @throws Envelope.Refusal 415 {@code unsupported_encoding}, 400 {@code malformed_gzip}, 413
   *     {@code payload_too_large} or 400 {@code invalid_utf8}
   */
  static byte[] decode(String contentEncoding, byte[] body) throws Envelope.Refusal {
    byte[] plain = isGzip(contentEncoding) ? gunzip(body) : body;
    checkUtf8(plain);
    return plain;
  }

  /**
   * @throws Envelope.Refusal 415 {@code unsupported_encoding} for anything but gzip or identity
   */
  static boolean isGzip(String contentEncoding) throws Envelope.Refusal {
    if (contentEncoding == null || contentEncoding.isBlank()) {
      return false;
    }
    String encoding = contentEncoding.strip().toLowerCase(Locale.ROOT);
    if (encoding.equals(GZIP) || encoding.equals("x-gzip")) {
      return true;
    }
    if (encoding.equals("identity")) {
      return false;
    }
    throw new Envelope.Refusal(
        415,
        ApiError.of(
            "unsupported_encoding", "Content-Encoding must be gzip or identity, or be absent"));
  }

  private static byte[] gunzip(byte[] body) throws Envelope.Refusal {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      byte[] plain = in.readNBytes(IngestService.MAX_BODY_BYTES + 1);
      if (plain.length > IngestService.MAX_BODY_BYTES) {
        throw new Envelope.Refusal(
            413,
            ApiError.of(
                "payload_too_large",
                "the decompressed body is larger than "
                    + IngestService.MAX_BODY_BYTES
                    + " bytes, the most accepted per request"));
      }
      return plain;
    } catch (IOException e) {
      throw new Envelope.Refusal(
          400,
          ApiError.of(
              "malformed_gzip", "the body is labelled Content-Encoding: gzip but is not gzip"));
    }
  }

  private static void checkUtf8(byte[] body) throws Envelope.Refusal {
    // ASCII is valid UTF-8: the decoder (and its buffer) starts at the first byte that is not
    int from = 0;
    while (from < body.length && body[from] >= 0) {
      from++;
    }
    if (from == body.length) {
      return;
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body, from, body.length - from);
    CharBuffer out = CharBuffer.allocate(Math.min(body.length - from, 8192) + 1);
    while (true) {
      CoderResult result = decoder.decode(in, out, true);
      if (result.isError()) {
        throw new Envelope.Refusal(
            400,
            ApiError.of(
                "invalid_utf8",
                "the body is not valid UTF-8 (an invalid or overlong sequence at byte "
                    + in.position()
                    + ")"));
      }
      if (result.isUnderflow()) {
        return;
      }
      out.clear();
    }
  }
}
