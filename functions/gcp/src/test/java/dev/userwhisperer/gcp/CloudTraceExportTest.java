package dev.userwhisperer.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Spans exported as Cloud Trace's OTLP endpoint expects them ({@code POST /v1/traces}, protobuf,
 * the service account's bearer token and the project as {@code x-goog-user-project}), to a stub
 * answering as the endpoint does (200, an empty protobuf response).
 */
class CloudTraceExportTest {
  private final WireMockServer telemetry = new WireMockServer(options().dynamicPort());

  @AfterEach
  void stop() {
    telemetry.stop();
  }

  @Test
  void aFinishedSpanIsPostedToTheOtlpEndpointWithTheTokenAndTheProject() {
    telemetry.start();
    telemetry.stubFor(
        post(urlEqualTo("/v1/traces"))
            .willReturn(
                aResponse().withStatus(200).withHeader("Content-Type", "application/x-protobuf")));
    SpanExporter exporter =
        CloudTraceExport.exporter(
            "http://localhost:" + telemetry.port(), "whisperer-prod", () -> "ya29.test-token");
    try (SdkTracerProvider tracers =
        SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build()) {
      Span span = tracers.get("test").spanBuilder("decide").startSpan();
      span.end();
      CompletableResultCode flushed = tracers.forceFlush().join(10, TimeUnit.SECONDS);
      assertThat(flushed.isSuccess()).isTrue();

      List<LoggedRequest> posted =
          telemetry.findAll(
              postRequestedFor(urlEqualTo("/v1/traces"))
                  .withHeader("Authorization", equalTo("Bearer ya29.test-token"))
                  .withHeader("x-goog-user-project", equalTo("whisperer-prod"))
                  .withHeader("Content-Type", equalTo("application/x-protobuf")));
      assertThat(posted).hasSize(1);
      String body = new String(posted.get(0).getBody(), StandardCharsets.ISO_8859_1);
      assertThat(body)
          .as("the span's name and trace id in the protobuf request")
          .contains("decide");
      assertThat(posted.get(0).getBody()).containsSequence(hex(span.getSpanContext().getTraceId()));
    }
  }

  private static byte[] hex(String id) {
    byte[] bytes = new byte[id.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Integer.parseInt(id.substring(2 * i, 2 * i + 2), 16);
    }
    return bytes;
  }
}
