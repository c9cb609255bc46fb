package dev.userwhisperer.gcp;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpResponse;
import dev.userwhisperer.core.feedback.FeedbackKind;
import dev.userwhisperer.core.feedback.FeedbackRequest;
import dev.userwhisperer.core.feedback.FeedbackResponse;
import dev.userwhisperer.core.ingest.ApiError;
import dev.userwhisperer.core.ingest.HttpErrors;
import dev.userwhisperer.core.ingest.IngestRequest;
import dev.userwhisperer.core.ingest.IngestResponse;
import dev.userwhisperer.core.ingest.IngestService;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.feedback.FeedbackConfiguration;
import dev.userwhisperer.sweep.SweepConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.context.ApplicationContext;

/**
 * The HTTP functions: each turns the request into its stage's input and writes the stage's answer
 * back (status, headers, JSON body). Paths are those of the public API ({@code openapi.yaml}).
 */
final class HttpStages {
  static final String INGEST = "ingest";
  static final String INGEST_PATH = "/v1/events";
  private static final Pattern FEEDBACK_PATH =
      Pattern.compile("^/v1/outbox/([^/]+)/(open|click|unsubscribe|complaint)$");

  private HttpStages() {}

  /**
   * @throws IllegalStateException when {@code name} is not ingest, feedback, sweep or learn
   */
  static HttpFunction of(String name, ApplicationContext context) {
    FunctionCatalog catalog = context.getBean(FunctionCatalog.class);
    return switch (name) {
      case INGEST -> ingest(lookup(catalog, Function.class, name));
      case FeedbackConfiguration.FUNCTION -> feedback(lookup(catalog, Function.class, name));
      case SweepConfiguration.FUNCTION, GcpUpliftLearning.FUNCTION ->
          scheduled(lookup(catalog, Supplier.class, name));
      default ->
          throw new IllegalStateException(
              "no HTTP stage named "
                  + name
                  + "; HttpEntryPoint serves ingest, feedback, sweep and learn");
    };
  }

  private static <T> T lookup(FunctionCatalog catalog, Class<?> type, String name) {
    T function = catalog.lookup(type, name);
    if (function == null) {
      throw new IllegalStateException("no " + type.getSimpleName() + " bean named " + name);
    }
    return function;
  }

  private static HttpFunction ingest(Function<IngestRequest, IngestResponse> ingest) {
    return (request, response) -> {
      if (!INGEST_PATH.equals(request.getPath())) {
        notFound(response, request.getPath());
        return;
      }
      if (!"POST".equals(request.getMethod())) {
        write(
            response,
            405,
            Map.of("Allow", "POST"),
            ApiError.of("method_not_allowed", request.getMethod() + " is not supported").body());
        return;
      }
      byte[] body;
      try (InputStream in = request.getInputStream()) {
        // one byte more than allowed is enough for ingest to answer 413 without reading it all
        body = in.readNBytes(IngestService.MAX_BODY_BYTES + 1);
      } catch (IOException brokenOrStalled) {
        // the client's failure, not ours: answered in the error body, not logged as an error
        boolean stalled = brokenOrStalled instanceof java.net.SocketTimeoutException;
        write(
            response,
            stalled ? 408 : 400,
            Map.of(),
            (stalled ? HttpErrors.requestTimeout() : HttpErrors.truncatedBody()).body());
        return;
      }
      IngestResponse answer =
          ingest.apply(
              new IngestRequest(
                  request.getFirstHeader("Authorization").orElse(null),
                  request.getContentType().orElse(null),
                  request.getFirstHeader("Content-Encoding").orElse(null),
                  body));
      write(response, answer.status(), answer.headers(), answer.body());
    };
  }

  /** GET too: mail clients follow tracking and unsubscribe links with GET. */
  private static HttpFunction feedback(Function<FeedbackRequest, FeedbackResponse> feedback) {
    return (request, response) -> {
      Matcher path = FEEDBACK_PATH.matcher(request.getPath());
      if (!path.matches()) {
        notFound(response, request.getPath());
        return;
      }
      if (!"GET".equals(request.getMethod()) && !"POST".equals(request.getMethod())) {
        write(
            response,
            405,
            Map.of("Allow", "GET, POST"),
            ApiError.of("method_not_allowed", request.getMethod() + " is not supported here")
                .body());
        return;
      }
      FeedbackResponse answer =
          feedback.apply(
              new FeedbackRequest(path.group(1), FeedbackKind.fromWireName(path.group(2))));
      write(response, answer.status(), Map.of(), answer.body());
    };
  }

  /**
   * Called by Cloud Scheduler: the sweep (its report says what it published) and the daily uplift
   * refresh (the table it stored).
   */
  private static HttpFunction scheduled(Supplier<?> job) {
    return (request, response) -> write(response, 200, Map.of(), job.get());
  }

  private static void notFound(HttpResponse response, String path) throws IOException {
    write(response, 404, Map.of(), ApiError.of("not_found", "no such endpoint: " + path).body());
  }

  static void write(HttpResponse response, int status, Map<String, String> headers, Object body)
      throws IOException {
    response.setStatusCode(status);
    headers.forEach(
        (name, value) -> {
          if (!name.equalsIgnoreCase(IngestResponse.CONTENT_TYPE)) {
            response.appendHeader(name, value);
          }
        });
    response.setContentType(IngestResponse.JSON);
    try (OutputStream out = response.getOutputStream()) {
      out.write(Json.encode(body));
    }
  }
}
