package dev.userwhisperer.local.e2e;

import dev.userwhisperer.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * HTTP/1.1 over a plain socket, for what a well-behaved client library will not send: broken URLs,
 * oversized or too many headers, bodies that stop short or stall, broken chunk framing.
 */
final class RawHttp {
  private RawHttp() {}

  /** What came back; {@code status} 0 when the server closed without answering. */
  record Reply(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      return Json.tree(body);
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Sends {@code head} (request line and headers, CRLF-separated, without the blank line) and
   * {@code body}, then half-closes when {@code close} is set, and reads the answer.
   */
  static Reply send(int port, String head, byte[] body, boolean close, Duration readTimeout) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) readTimeout.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      if (close) {
        socket.shutdownOutput();
      }
      return parse(readAll(socket.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Reply send(int port, String head, byte[] body) {
    return send(port, head, body, false, Duration.ofSeconds(20));
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        all.write(buffer, 0, n);
        if (complete(all.toByteArray())) {
          break;
        }
      }
    } catch (SocketTimeoutException | java.net.SocketException stopped) {
      // what arrived is the answer
    }
    return all.toByteArray();
  }

  /** A whole response has arrived: its Content-Length is met, or its last chunk. */
  private static boolean complete(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    String head = text.substring(0, end).toLowerCase(Locale.ROOT);
    int at = head.indexOf("content-length:");
    if (at >= 0) {
      int length = Integer.parseInt(head.substring(at + 15).split("\r\n", 2)[0].strip());
      return bytes.length >= end + 4 + length;
    }
    return head.contains("transfer-encoding: chunked") && text.endsWith("0\r\n\r\n");
  }

  private static Reply parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return new Reply(0, Map.of(), new byte[0]);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      String[] header = lines[i].split(":", 2);
      headers.put(header[0].strip().toLowerCase(Locale.ROOT), header[1].strip());
    }
    byte[] raw = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
    boolean chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
    return new Reply(status, headers, chunked ? unchunk(raw) : raw);
  }

  private static byte[] unchunk(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < raw.length) {
      int lineEnd = indexOf(raw, at);
      if (lineEnd < 0) {
        break;
      }
      int size =
          Integer.parseInt(
              new String(raw, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].strip(),
              16);
      if (size == 0) {
        break;
      }
      out.write(raw, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] raw, int from) {
    for (int i = from; i + 1 < raw.length; i++) {
      if (raw[i] == '\r' && raw[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
