package dev.userwhisperer.gcp;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.userwhisperer.core.ingest.ApiError;
import dev.userwhisperer.core.port.TransientFailure;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of the HTTP functions (ingest, feedback, sweep, learn): the stage named by
 * {@value FunctionContext#DEFINITION}. A failure the stage did not answer itself is logged once and
 * answered with the API's error body: 503 when a retry may succeed, 500 otherwise.
 */
public final class HttpEntryPoint implements HttpFunction {
  private static final Logger log = LoggerFactory.getLogger(HttpEntryPoint.class);

  private final String definition;
  private volatile HttpFunction stage;

  /** For the Functions Framework: the stage is {@value FunctionContext#DEFINITION}. */
  public HttpEntryPoint() {
    this(FunctionContext.definition());
  }

  HttpEntryPoint(String definition) {
    this.definition = definition;
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    HttpFunction current = stage;
    if (current == null) {
      current = HttpStages.of(definition, FunctionContext.get());
      stage = current;
    }
    try {
      current.service(request, response);
    } catch (TransientFailure e) {
      log.warn(
          "stage={} {} {}: unavailable", definition, request.getMethod(), request.getPath(), e);
      HttpStages.write(
          response,
          503,
          Map.of("Retry-After", "1"),
          ApiError.of("unavailable", "temporarily unavailable; retry the same request").body());
    } catch (RuntimeException e) {
      log.error("stage={} {} {}: failed", definition, request.getMethod(), request.getPath(), e);
      HttpStages.write(
          response,
          500,
          Map.of(),
          ApiError.of("internal_error", "unexpected error; retrying the same request is safe")
              .body());
    }
  }
}
