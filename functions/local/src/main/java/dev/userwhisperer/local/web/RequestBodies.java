package dev.userwhisperer.local.web;

import dev.userwhisperer.core.ingest.ApiError;
import dev.userwhisperer.core.ingest.HttpErrors;
import dev.userwhisperer.core.ingest.IngestService;
import jakarta.servlet.http.HttpServletRequest;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * Reads a request body, at most one byte more than ingest accepts (enough for a 413 without reading
 * a huge body). A body that stalls (the connector's read timeout, {@code
 * server.tomcat.connection-timeout}) or breaks off is the client's failure: it becomes a 408 or a
 * 400 in the documented body, not a server error.
 */
final class RequestBodies {
  private RequestBodies() {}

  /** The client's body could not be read; {@link #status} and {@link #error} answer it. */
  static final class Unreadable extends Exception {
    final int status;
    final ApiError error;

    Unreadable(int status, ApiError error, IOException cause) {
      super(error.message(), cause, false, false);
      this.status = status;
      this.error = error;
    }
  }

  static byte[] read(HttpServletRequest request) throws Unreadable {
    int limit = IngestService.MAX_BODY_BYTES + 1;
    long declared = request.getContentLengthLong();
    try (InputStream in = request.getInputStream()) {
      if (declared < 0 || declared >= limit) {
        return in.readNBytes(limit);
      }
      // the usual case, read into one array of the declared size rather than chunks then a copy
      byte[] body = new byte[(int) declared];
      int read = in.readNBytes(body, 0, body.length);
      if (read < body.length) {
        throw new EOFException("the body ended after " + read + " of " + declared + " bytes");
      }
      return body;
    } catch (IOException e) {
      throw isTimeout(e)
          ? new Unreadable(408, HttpErrors.requestTimeout(), e)
          : new Unreadable(400, HttpErrors.truncatedBody(), e);
    }
  }

  private static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }
}
