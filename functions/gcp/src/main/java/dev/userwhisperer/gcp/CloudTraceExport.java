package dev.userwhisperer.gcp;

import com.google.auth.oauth2.GoogleCredentials;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Spans to Cloud Trace through Google's OTLP endpoint ({@code telemetry.googleapis.com}, OTLP/HTTP
 * in protobuf), authenticated with the function's service account.
 */
final class CloudTraceExport {
  static final String ENDPOINT = "https://telemetry.googleapis.com";
  private static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

  private CloudTraceExport() {}

  /**
   * @param endpoint scheme and host of the OTLP endpoint; {@code /v1/traces} is appended
   * @param accessToken an OAuth access token, asked for each export (the supplier caches it)
   */
  static SpanExporter exporter(String endpoint, String project, Supplier<String> accessToken) {
    return OtlpHttpSpanExporter.builder()
        .setEndpoint(endpoint + "/v1/traces")
        .setHeaders(
            () ->
                Map.of(
                    "Authorization", "Bearer " + accessToken.get(), "x-goog-user-project", project))
        .build();
  }

  /** The application default credentials' token, refreshed when it is about to expire. */
  static Supplier<String> applicationDefaultToken() {
    GoogleCredentials credentials;
    try {
      credentials = GoogleCredentials.getApplicationDefault().createScoped(List.of(SCOPE));
    } catch (IOException e) {
      throw new UncheckedIOException("no application default credentials for Cloud Trace", e);
    }
    return () -> {
      try {
        credentials.refreshIfExpired();
        return credentials.getAccessToken().getTokenValue();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot refresh the token for Cloud Trace", e);
      }
    };
  }
}
