package dev.userwhisperer.gcp;

import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The Functions Framework's request and response, as the invoker fills and reads them. */
final class FakeHttp {
  private FakeHttp() {}

  static Request request(String method, String path, Map<String, String> headers, byte[] body) {
    return new Request(method, path, headers, body);
  }

  record Request(String method, String path, Map<String, String> headerValues, byte[] body)
      implements HttpRequest {
    @Override
    public String getMethod() {
      return method;
    }

    @Override
    public String getUri() {
      return "https://function.example" + path;
    }

    @Override
    public String getPath() {
      int query = path.indexOf('?');
      return query < 0 ? path : path.substring(0, query);
    }

    @Override
    public Optional<String> getQuery() {
      int query = path.indexOf('?');
      return query < 0 ? Optional.empty() : Optional.of(path.substring(query + 1));
    }

    @Override
    public Map<String, List<String>> getQueryParameters() {
      Map<String, List<String>> parameters = new java.util.LinkedHashMap<>();
      getQuery()
          .ifPresent(
              query -> {
                for (String pair : query.split("&")) {
                  String[] nameValue = pair.split("=", 2);
                  parameters
                      .computeIfAbsent(nameValue[0], n -> new java.util.ArrayList<>())
                      .add(nameValue.length > 1 ? nameValue[1] : "");
                }
              });
      return parameters;
    }

    @Override
    public Map<String, HttpPart> getParts() {
      throw new IllegalStateException("not multipart");
    }

    @Override
    public Optional<String> getContentType() {
      return getFirstHeader("Content-Type");
    }

    @Override
    public long getContentLength() {
      return body.length;
    }

    @Override
    public Optional<String> getCharacterEncoding() {
      return Optional.empty();
    }

    @Override
    public InputStream getInputStream() {
      return new ByteArrayInputStream(body);
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }

    /** Case-insensitive names, as HTTP has them. */
    @Override
    public Map<String, List<String>> getHeaders() {
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headerValues.forEach((name, value) -> headers.put(name, List.of(value)));
      return headers;
    }
  }

  static final class Response implements HttpResponse {
    int status = 200;
    String contentType;
    final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    @Override
    public void setStatusCode(int code) {
      status = code;
    }

    @Override
    public void setStatusCode(int code, String message) {
      status = code;
    }

    @Override
    public void setContentType(String contentType) {
      this.contentType = contentType;
    }

    @Override
    public Optional<String> getContentType() {
      return Optional.ofNullable(contentType);
    }

    @Override
    public void appendHeader(String name, String value) {
      headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }

    @Override
    public Map<String, List<String>> getHeaders() {
      return headers;
    }

    @Override
    public OutputStream getOutputStream() {
      return body;
    }

    @Override
    public BufferedWriter getWriter() {
      return new BufferedWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8));
    }

    String bodyText() {
      return body.toString(StandardCharsets.UTF_8);
    }
  }
}
