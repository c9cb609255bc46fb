package dev.userwhisperer.sdk;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSink;
import okio.GzipSink;
import okio.Okio;

/** Sends every request body gzip-compressed, with its {@code Content-Encoding} and length. */
final class GzipBodies implements Interceptor {
  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    RequestBody body = request.body();
    if (body == null || request.header("Content-Encoding") != null) {
      return chain.proceed(request);
    }
    Buffer compressed = new Buffer();
    try (BufferedSink gzip = Okio.buffer(new GzipSink(compressed))) {
      body.writeTo(gzip);
    }
    MediaType type = body.contentType();
    return chain.proceed(
        request
            .newBuilder()
            .header("Content-Encoding", "gzip")
            .method(request.method(), RequestBody.create(compressed.readByteString(), type))
            .build());
  }
}
